import { describe, expect, it } from 'vitest';
import type { TrafficRecord } from '../../../src/shared/domain/traffic';
import { serializeJsonl } from '../../../src/shared/traffic/jsonl';
import { Recordings } from '../../../src/shared/traffic/recordings';
import { chunk, Recorder, req } from './records';

function setup(limits?: { maxChars: number; maxRecords: number }) {
  const logged = new Map<string, TrafficRecord[]>();
  let n = 0;
  const recordings = new Recordings(
    (id, records) => logged.set(id, [...(logged.get(id) ?? []), ...records]),
    () => `r${++n}`,
    limits,
  );
  return { recordings, logged };
}

function text(count: number): string {
  const r = new Recorder();
  r.out(req(1, 'session/prompt', { sessionId: 's' }));
  for (let i = 1; i < count; i++) r.in(chunk('s', `part ${i}`), 1, 'session:s');
  return serializeJsonl(r.records);
}

describe('recordings opened offline', () => {
  it('reads a recording sent in parts (split mid-line) into its pseudo-endpoint', () => {
    const { recordings, logged } = setup();
    const all = text(5);
    const cut = Math.floor(all.length / 2) + 3;
    const first = recordings.push({ name: 'a.jsonl', content: all.slice(0, cut), done: false });
    expect(first.endpointId).toBe('recording:r1');
    expect(first.done).toBe(false);
    const last = recordings.push({
      recordingId: first.endpointId,
      name: 'a.jsonl',
      content: all.slice(cut),
      done: true,
    });
    expect(last).toMatchObject({ name: 'a.jsonl', records: 5, badLines: 0, done: true });
    expect(logged.get('recording:r1')).toHaveLength(5);
    expect(recordings.list().map((r) => r.endpointId)).toEqual(['recording:r1']);
  });

  it('counts bad lines (and names the first few), never throws on them', () => {
    const { recordings } = setup();
    const bad = `${text(2)}not json\n{"kind":"message"}\n\n${'{'.repeat(3)}\n{}\n[]\n7\n`;
    const info = recordings.push({ name: 'b.jsonl', content: bad, done: true });
    expect(info.records).toBe(2);
    expect(info.badLines).toBe(6);
    expect(info.errors).toHaveLength(5);
    expect(info.errors[0]).toMatchObject({ line: 3 });
    expect(info.errors[0]!.message).toContain('not JSON');
  });

  it('stops at the size and record bounds, with a sentence', () => {
    const small = setup({ maxChars: 100, maxRecords: 10 });
    const big = small.recordings.push({ name: 'big.jsonl', content: 'x'.repeat(101), done: true });
    expect(big.stopped).toContain('larger than');
    const many = small.recordings.push({ name: 'many.jsonl', content: text(12), done: true });
    expect(many.records).toBe(0); // the first part alone is over the size bound
    const counted = setup({ maxChars: 1_000_000, maxRecords: 10 });
    const info = counted.recordings.push({ name: 'many.jsonl', content: text(12), done: true });
    expect(info.records).toBe(10);
    expect(info.stopped).toBe('It holds more than 10 records: only the first 10 records were read.');
    expect(counted.logged.get(info.endpointId)).toHaveLength(10);
  });

  it('refuses parts of an unknown or finished recording', () => {
    const { recordings } = setup();
    expect(() => recordings.push({ recordingId: 'recording:nope', name: 'x', content: '', done: true })).toThrow(
      'no longer being opened',
    );
    const done = recordings.push({ name: 'x.jsonl', content: '', done: true });
    expect(() => recordings.push({ recordingId: done.endpointId, name: 'x', content: '', done: true })).toThrow(
      'already open',
    );
  });
});
