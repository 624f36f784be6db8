import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionUpdate } from '@agentclientprotocol/sdk';
import type { SessionEvent, SessionEventEnvelope } from '../../../src/shared/domain/session';
import { TranscriptStore } from '../../../src/core/persistence/transcript-store';
import { parseTranscript, transcriptFileName } from '../../../src/core/persistence/transcript-file';

const u = (update: SessionUpdate): SessionEvent => ({ type: 'update', update });
const text = (t: string) => ({ type: 'text' as const, text: t });
const agent = (t: string) => u({ sessionUpdate: 'agent_message_chunk', content: text(t) });

/** Envelopes numbered from `from`, 10 ms apart. */
function envs(sessionId: string, from: number, ...events: SessionEvent[]): SessionEventEnvelope[] {
  return events.map((event, i) => ({ sessionId, seq: from + i, at: 1_000 + (from + i) * 10, event }));
}

let dir: string;
let store: TranscriptStore;

beforeEach(async () => {
  dir = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'acp-transcripts-')), 'transcripts');
  store = await TranscriptStore.open(dir);
});

afterEach(async () => {
  await store.close().catch(() => undefined);
  await fs.rm(path.dirname(dir), { recursive: true, force: true });
});

const lines = async (sessionId: string) => (await fs.readFile(store.pathFor(sessionId), 'utf8')).split('\n');

describe('TranscriptStore: writing and reading', () => {
  it('round-trips a header and appended batches', async () => {
    await store.create('s1', 'ep1');
    const batch1 = envs('s1', 1, { type: 'session_opened', endpointId: 'ep1', cwd: '/w', via: 'new' }, agent('Hel'));
    const batch2 = envs('s1', 3, agent('lo'));
    await store.append('s1', batch1);
    await store.append('s1', batch2);
    const read = await store.read('s1');
    expect(read).not.toBeNull();
    expect(read!.endpointId).toBe('ep1');
    expect(read!.envelopes).toEqual([...batch1, ...batch2]);
    expect(read!.problems).toEqual([]);
    expect(read!.state.cwd).toBe('/w');
    const [header] = await lines('s1');
    expect(JSON.parse(header!)).toMatchObject({ kind: 'header', version: 1, sessionId: 's1', endpointId: 'ep1' });
    expect(typeof JSON.parse(header!).createdAt).toBe('string');
  });

  it('create is idempotent and keeps existing content', async () => {
    await store.create('s1', 'ep1');
    await store.append('s1', envs('s1', 1, agent('x')));
    await store.create('s1', 'other');
    const read = await store.read('s1');
    expect(read!.endpointId).toBe('ep1');
    expect(read!.envelopes).toHaveLength(1);
  });

  it('keeps the order of concurrent appends (serialized per session, one write per batch)', async () => {
    void store.create('s1', 'ep1');
    const batches = Array.from({ length: 40 }, (_, i) =>
      envs('s1', i * 3 + 1, agent(`a${i}`), agent(`b${i}`), agent(`c${i}`)),
    );
    await Promise.all(batches.map((b) => store.append('s1', b)));
    await store.flush();
    const read = await store.read('s1');
    expect(read!.problems).toEqual([]);
    expect(read!.envelopes.map((e) => e.seq)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
  });

  it('read() waits for pending appends; list() racing appends settles on the right summary', async () => {
    void store.create('s1', 'ep1');
    const writes = Array.from({ length: 10 }, (_, i) => store.append('s1', envs('s1', i + 1, agent(`${i}`))));
    const [racing, read] = await Promise.all([store.list(), store.read('s1')]);
    expect(racing.problems).toEqual([]);
    expect(read!.envelopes).toHaveLength(10);
    await Promise.all(writes);
    expect((await store.list()).summaries[0]).toMatchObject({ lastSeq: 10, eventCount: 10 });
  });

  it('uses private permissions (dir 0700, files 0600)', async () => {
    if (process.platform === 'win32') return;
    await store.create('s1', 'ep1');
    await store.append('s1', envs('s1', 1, agent('x')));
    expect((await fs.stat(dir)).mode & 0o777).toBe(0o700);
    expect((await fs.stat(store.pathFor('s1'))).mode & 0o777).toBe(0o600);
  });

  it('rejects appends to a session without a transcript, and after close', async () => {
    await expect(store.append('nope', envs('nope', 1, agent('x')))).rejects.toThrow(/create it first/);
    await expect(store.append('s1', envs('other', 1, agent('x')))).rejects.toThrow(/another session/);
    await store.close();
    await expect(store.create('s2', 'ep')).rejects.toThrow(/closed/);
  });

  it('read() of an unknown session is null; delete() removes the file and its summary', async () => {
    expect(await store.read('missing')).toBeNull();
    await store.create('s1', 'ep1');
    expect((await store.list()).summaries).toHaveLength(1);
    await store.delete('s1');
    expect(await store.read('s1')).toBeNull();
    expect((await store.list()).summaries).toEqual([]);
  });
});

describe('TranscriptStore: damaged files', () => {
  it('a garbage middle line and a line torn by a crash are skipped and reported; start-up never throws', async () => {
    await store.create('s1', 'ep1');
    await store.append('s1', envs('s1', 1, agent('one')));
    await fs.appendFile(store.pathFor('s1'), 'this is not json\n');
    await store.append('s1', envs('s1', 2, agent(' two')));
    await fs.appendFile(store.pathFor('s1'), '{"sessionId":"s1","seq":3,"at":10'); // crash mid-write
    await store.close();

    const restarted = await TranscriptStore.open(dir);
    const listed = await restarted.list();
    expect(listed.summaries).toMatchObject([{ sessionId: 's1', eventCount: 2, lastSeq: 2 }]);
    expect(listed.problems.some((p) => p.includes('line 3'))).toBe(true);
    const read = await restarted.read('s1');
    expect(read!.envelopes.map((e) => e.seq)).toEqual([1, 2]);
    expect(read!.problems).toEqual([
      expect.stringMatching(/^line 3: .*invalid JSON/),
      expect.stringMatching(/^line 5: truncated/),
    ]);

    // The next batch must not be glued onto the torn line.
    await restarted.append('s1', envs('s1', 3, agent(' three')));
    const after = await restarted.read('s1');
    expect(after!.envelopes.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(after!.problems).toHaveLength(2);
    await restarted.close();
  });

  it('drops wrong shapes, foreign sessions, duplicates, out-of-order seqs and unknown event types', () => {
    const header = JSON.stringify({
      kind: 'header',
      version: 1,
      sessionId: 's',
      endpointId: 'e',
      createdAt: new Date(0).toISOString(),
    });
    const ok = (seq: number) => JSON.stringify(envs('s', seq, agent(`m${seq}`))[0]);
    const text = [
      header,
      ok(1),
      JSON.stringify({ sessionId: 's', seq: 'two', at: 1, event: { type: 'error', message: 'x' } }),
      ok(2),
      ok(2),
      ok(1),
      JSON.stringify({ ...envs('x', 3, agent('m'))[0] }),
      JSON.stringify({ sessionId: 's', seq: 3, at: 1, event: { type: 'from_the_future' } }),
      JSON.stringify({
        sessionId: 's',
        seq: 3,
        at: 1,
        event: { type: 'update', update: { sessionUpdate: 'agent_message_chunk' } },
      }),
      JSON.stringify({ sessionId: 's', seq: 3, at: 1, event: { type: 'constructor' } }),
      ok(3),
      '',
    ].join('\n');
    const parsed = parseTranscript(text, 's');
    expect(parsed.envelopes.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(parsed.problems.map((p) => p.split(':')[0])).toEqual([
      'line 3',
      'line 5',
      'line 6',
      'line 7',
      'line 8',
      'line 9',
      'line 10',
    ]);
    expect(parsed.problems[1]).toMatch(/duplicated/);
    expect(parsed.problems[2]).toMatch(/out of order/);
  });

  it('caps the problem list of a badly damaged file', () => {
    const header = JSON.stringify({ kind: 'header', version: 1, sessionId: 's', endpointId: 'e', createdAt: 'x' });
    const parsed = parseTranscript([header, ...Array.from({ length: 100 }, () => 'garbage')].join('\n'), 's');
    expect(parsed.problems).toHaveLength(21);
    expect(parsed.problems[20]).toMatch(/80 more/);
  });

  it('a file with a broken header is listed as damaged and kept; a newer version is left alone; read() recovers', async () => {
    await store.create('good', 'ep1');
    const bad = store.pathFor('bad');
    await fs.writeFile(bad, '{"kind":"head\n' + JSON.stringify(envs('bad', 1, agent('still here'))[0]) + '\n');
    await fs.writeFile(
      path.join(dir, 'newer-0000.jsonl'),
      JSON.stringify({ kind: 'header', version: 9, sessionId: 'n', endpointId: 'e', createdAt: 'x' }) + '\n',
    );
    const { summaries, problems } = await store.list();
    expect(summaries.map((s) => s.sessionId).sort()).toEqual(['bad', 'good']);
    expect(summaries.find((s) => s.sessionId === 'bad')).toMatchObject({
      eventCount: 1,
      damaged: { skippedLines: 1, reason: expect.stringMatching(/broken header/) },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${path.basename(bad)}: line 1: broken header`)),
        expect.stringMatching(/^newer-0000.jsonl: line 1: written by a newer version/),
      ]),
    );
    await expect(fs.stat(bad)).resolves.toBeTruthy();
    const read = await store.read('bad');
    expect(read!.endpointId).toBeNull();
    expect(read!.envelopes).toHaveLength(1);
    expect(read!.problems[0]).toMatch(/line 1: broken header/);
  });

  it('a transcript stored under a name that does not match its session id is skipped', async () => {
    await store.create('s1', 'ep1');
    await fs.copyFile(store.pathFor('s1'), path.join(dir, 'copy.jsonl'));
    const { summaries, problems } = await store.list();
    expect(summaries).toHaveLength(1);
    expect(problems).toEqual([expect.stringMatching(/^copy.jsonl: file name does not match/)]);
  });
});

describe('TranscriptStore: file names', () => {
  const hostile = [
    '../../etc/passwd',
    '..',
    'a/b\\c:d*e?f"g<h>i|j',
    'x'.repeat(5000),
    'セッション🙂',
    'CON',
    ' ',
    '\u0000nul',
  ];

  it.each(hostile)('a hostile id (%#) gets a safe name inside the directory', async (id) => {
    const file = store.pathFor(id);
    expect(path.dirname(file)).toBe(path.resolve(dir));
    expect(path.basename(file)).toMatch(/^[A-Za-z0-9_-]{1,40}-[0-9a-f]{16}\.jsonl$/);
    await store.create(id, 'ep');
    await store.append(id, envs(id, 1, agent('hi')));
    const read = await store.read(id);
    expect(read!.envelopes).toHaveLength(1);
    expect(await fs.readdir(dir)).toEqual([path.basename(file)]);
  });

  it('ids that sanitize alike still get distinct files', () => {
    expect(transcriptFileName('a/b')).not.toBe(transcriptFileName('a:b'));
    expect(transcriptFileName('Sess')).not.toBe(transcriptFileName('sess'));
  });
});

describe('TranscriptStore: list()', () => {
  it('summarizes with the shared reducer (title, cwd, last activity), newest first', async () => {
    await store.create('old', 'ep1');
    await store.append('old', envs('old', 1, agent('x')));
    await store.create('new', 'ep2');
    await store.append(
      'new',
      envs(
        'new',
        5,
        { type: 'session_opened', endpointId: 'ep2', cwd: '/proj', via: 'new' },
        u({ sessionUpdate: 'session_info_update', title: 'Fix the parser' }),
      ),
    );
    const { summaries, problems } = await store.list();
    expect(problems).toEqual([]);
    expect(summaries).toEqual([
      {
        sessionId: 'new',
        endpointId: 'ep2',
        title: 'Fix the parser',
        cwd: '/proj',
        lastActivity: 1_060,
        lastSeq: 6,
        eventCount: 2,
      },
      { sessionId: 'old', endpointId: 'ep1', title: null, cwd: null, lastActivity: 1_010, lastSeq: 1, eventCount: 1 },
    ]);
  });

  it('an empty transcript uses its creation time as last activity', async () => {
    const before = Date.now();
    await store.create('s', 'ep');
    const [summary] = (await store.list()).summaries;
    expect(summary!.lastActivity).toBeGreaterThanOrEqual(before - 1_000);
    expect(summary!.eventCount).toBe(0);
  });

  it('is cached by size and mtime, updated by append(), and re-read after outside changes', async () => {
    await store.create('s', 'ep');
    await store.append('s', envs('s', 1, agent('x')));
    await store.list();
    const opens = vi.spyOn(fs, 'open');
    const reads = { calls: () => opens.mock.calls.filter(([, flags]) => flags === 'r').length };
    try {
      await store.list();
      expect(reads.calls()).toBe(0);
      await store.append('s', envs('s', 2, u({ sessionUpdate: 'session_info_update', title: 'Renamed' }), agent('y')));
      const { summaries } = await store.list();
      expect(reads.calls()).toBe(0);
      expect(summaries[0]).toMatchObject({ title: 'Renamed', lastSeq: 3, eventCount: 3, lastActivity: 1_030 });

      await fs.appendFile(
        store.pathFor('s'),
        JSON.stringify(envs('s', 4, u({ sessionUpdate: 'session_info_update', title: 'Edited outside' }))[0]) + '\n',
      );
      const again = await store.list();
      expect(reads.calls()).toBe(1);
      expect(again.summaries[0]).toMatchObject({ title: 'Edited outside', lastSeq: 4, eventCount: 4 });
    } finally {
      opens.mockRestore();
    }
  });

  it('a missing directory lists as empty', async () => {
    await fs.rm(dir, { recursive: true });
    expect(await store.list()).toEqual({ summaries: [], problems: [] });
  });
});
