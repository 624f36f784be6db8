import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TrafficRecord } from '../../../src/shared/domain/traffic';
import { TrafficSpill } from '../../../src/core/traffic/traffic-spill';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'acp-spill-'));
const rec = (seq: number, pad = ''): TrafficRecord => ({
  kind: 'error',
  message: `record ${seq}${pad}`,
  seq,
  at: 1000 + seq,
  generation: 1,
});
const lines = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as TrafficRecord).seq);

describe('TrafficSpill', () => {
  it('writes one JSON line per record, in order, to a private file', async () => {
    const dir = tmp();
    const file = path.join(dir, 'traffic', 'ep.jsonl');
    const spill = new TrafficSpill(file, { maxBytes: 1 << 20, onError: () => undefined });
    for (let i = 1; i <= 50; i++) spill.append(rec(i));
    await spill.flush();
    const text = readFileSync(file, 'utf8');
    expect(lines(text)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(JSON.parse(text.split('\n')[0]!)).toEqual(rec(1)); // the `chat --traffic` format: the record itself
    expect(statSync(file).mode & 0o077).toBe(0);
    await spill.close();
  });

  it('starts a fresh file: lines of an earlier run are not mixed in', async () => {
    const dir = tmp();
    const file = path.join(dir, 'ep.jsonl');
    writeFileSync(file, `${JSON.stringify(rec(99))}\n`);
    writeFileSync(path.join(dir, 'ep.1.jsonl'), `${JSON.stringify(rec(98))}\n`);
    const spill = new TrafficSpill(file, { maxBytes: 1 << 20, onError: () => undefined });
    spill.append(rec(1));
    expect(lines((await spill.read()).content)).toEqual([1]);
    await spill.close();
  });

  it('rotates at half the cap, keeps the newest records within the cap, and says older ones were dropped', async () => {
    const dir = tmp();
    const file = path.join(dir, 'ep.jsonl');
    const spill = new TrafficSpill(file, { maxBytes: 2000, onError: () => undefined });
    const pad = 'x'.repeat(60); // ~120 bytes a line
    for (let i = 1; i <= 40; i++) {
      spill.append(rec(i, pad));
      await spill.flush(); // one batch per record, so rotation points are exact
    }
    expect(existsSync(path.join(dir, 'ep.1.jsonl'))).toBe(true);
    const r = await spill.read();
    const seqs = lines(r.content);
    expect(seqs.at(-1)).toBe(40);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => 41 - seqs.length + i)); // contiguous tail
    expect(Buffer.byteLength(r.content)).toBeLessThanOrEqual(2000);
    expect(r.truncated).toBe(true);
    expect(r.complete).toBe(true);
    await spill.close();
  });

  it('clear empties both files and the next records start a new file', async () => {
    const dir = tmp();
    const file = path.join(dir, 'ep.jsonl');
    const spill = new TrafficSpill(file, { maxBytes: 1000, onError: () => undefined });
    for (let i = 1; i <= 30; i++) {
      spill.append(rec(i, 'y'.repeat(50)));
      await spill.flush();
    }
    await spill.clear();
    expect(existsSync(file)).toBe(false);
    expect(existsSync(path.join(dir, 'ep.1.jsonl'))).toBe(false);
    expect((await spill.read()).content).toBe('');
    spill.append(rec(31));
    const r = await spill.read();
    expect(lines(r.content)).toEqual([31]);
    expect(r.truncated).toBe(false);
    await spill.close();
  });

  it('reports a write error once, drops later records without throwing, and marks the export incomplete', async () => {
    const dir = tmp();
    const file = path.join(dir, 'ep.jsonl');
    mkdirSync(file); // a directory where the file should be: open() fails
    const errors: string[] = [];
    const spill = new TrafficSpill(file, { maxBytes: 1 << 20, onError: (m) => errors.push(m) });
    spill.append(rec(1));
    await spill.flush();
    for (let i = 2; i <= 20; i++) spill.append(rec(i));
    await spill.flush();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/ep\.jsonl: write failed \(EISDIR\)/);
    const r = await spill.read();
    expect(r.complete).toBe(false);
    await expect(spill.close()).resolves.toBeUndefined();
  });
});
