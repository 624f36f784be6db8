/**
 * Issue 9, items 11 and 12: one bad transcript must not break the history, a torn header must
 * not hide a session (nor receive appends while unreadable), and turn ends are fsynced.
 */
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionUpdate } from '@agentclientprotocol/sdk';
import type { SessionEvent, SessionEventEnvelope } from '../../../src/shared/domain/session';
import { TranscriptStore, type TranscriptStoreOptions } from '../../../src/core/persistence/transcript-store';
import { scanLines, type RawLine } from '../../../src/core/persistence/line-reader';

const u = (update: SessionUpdate): SessionEvent => ({ type: 'update', update });
const agent = (t: string) => u({ sessionUpdate: 'agent_message_chunk', content: { type: 'text', text: t } });
const opened = (endpointId: string): SessionEvent => ({ type: 'session_opened', endpointId, cwd: '/w', via: 'new' });
const turnEnd = (turnId: string): SessionEvent => ({ type: 'turn_ended', turnId, stopReason: 'end_turn' });
const prompt = (turnId: string): SessionEvent => ({
  type: 'prompt_sent',
  turnId,
  prompt: [{ type: 'text', text: 'q' }],
});

function envs(sessionId: string, from: number, ...events: SessionEvent[]): SessionEventEnvelope[] {
  return events.map((event, i) => ({ sessionId, seq: from + i, at: 1_000 + (from + i) * 10, event }));
}
const line = (e: SessionEventEnvelope) => JSON.stringify(e) + '\n';

let root: string;
let dir: string;
const stores: TranscriptStore[] = [];

async function openStore(options: TranscriptStoreOptions = {}): Promise<TranscriptStore> {
  const s = await TranscriptStore.open(dir, options);
  stores.push(s);
  return s;
}

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'acp-robust-'));
  dir = path.join(root, 'transcripts');
});

afterEach(async () => {
  for (const s of stores.splice(0)) await s.close().catch(() => undefined);
  await fs.rm(root, { recursive: true, force: true });
});

describe('one bad transcript never breaks the history (item 11)', () => {
  it('a file over the size limit is listed as damaged from what was read; the others list normally', async () => {
    const store = await openStore({ maxFileBytes: 4_000 });
    await store.create('good', 'ep1');
    await store.append('good', envs('good', 1, agent('fine')));
    await store.create('huge', 'ep2');
    await store.append('huge', envs('huge', 1, opened('ep2'), ...Array.from({ length: 80 }, (_, i) => agent(`x${i}`))));
    expect((await fs.stat(store.pathFor('huge'))).size).toBeGreaterThan(4_000);

    const { summaries, problems } = await store.list();
    const huge = summaries.find((s) => s.sessionId === 'huge');
    const good = summaries.find((s) => s.sessionId === 'good');
    expect(good).toMatchObject({ eventCount: 1 });
    expect(good!.damaged).toBeUndefined();
    expect(huge).toMatchObject({ endpointId: 'ep2', damaged: { reason: expect.stringMatching(/over the .* limit/) } });
    expect(huge!.eventCount).toBeGreaterThan(0);
    expect(huge!.eventCount).toBeLessThan(81);
    expect(problems.some((p) => p.startsWith(path.basename(store.pathFor('huge'))))).toBe(true);
  });

  it('a line over the line limit is skipped and counted; the lines around it are kept', async () => {
    const store = await openStore({ maxLineBytes: 1_000 });
    await store.create('s', 'ep');
    await store.append('s', envs('s', 1, agent('before')));
    await store.append('s', envs('s', 2, agent('y'.repeat(50_000))));
    await store.append('s', envs('s', 3, agent('after')));
    const [summary] = (await store.list()).summaries;
    expect(summary).toMatchObject({ sessionId: 's', eventCount: 2, lastSeq: 3, damaged: { skippedLines: 1 } });
    const read = await store.read('s');
    expect(read!.envelopes.map((e) => e.seq)).toEqual([1, 3]);
    expect(read!.problems).toEqual([expect.stringMatching(/^line 3: .*over the line size limit/)]);
  });

  it('scanLines never holds an over-long line whole (it streams past it)', async () => {
    const cap = 1_000;
    const total = 5_000_000;
    // A fake handle serving a 5 MB line, a newline, then "ok".
    const content = (pos: number) => (pos < total ? 0x78 : pos === total ? 0x0a : pos === total + 1 ? 0x6f : 0x6b);
    const handle = {
      read: async (buf: Buffer, off: number, len: number, pos: number) => {
        const n = Math.max(0, Math.min(len, total + 3 - pos));
        for (let i = 0; i < n; i++) buf[off + i] = content(pos + i);
        return { bytesRead: n, buffer: buf };
      },
    } as unknown as FileHandle;
    const concat = vi.spyOn(Buffer, 'concat');
    const got: RawLine[] = [];
    try {
      await scanLines(handle, { maxLineBytes: cap, maxBytes: Infinity }, (l) => void got.push(l), 4_096);
      for (const [, len] of concat.mock.calls) expect(len ?? 0).toBeLessThanOrEqual(cap);
    } finally {
      concat.mockRestore();
    }
    expect(got).toEqual([
      { lineNo: 1, text: null, bytes: total, terminated: true },
      { lineNo: 2, text: 'ok', bytes: 2, terminated: false },
    ]);
  });

  it('a transcript that cannot be read (a directory in its place) is listed as damaged; the others list', async () => {
    const store = await openStore();
    await store.create('good', 'ep1');
    await fs.mkdir(store.pathFor('blocked'));
    const { summaries, problems } = await store.list();
    expect(summaries.find((s) => s.sessionId === 'good')!.damaged).toBeUndefined();
    expect(summaries.find((s) => s.sessionId === 'blocked')).toMatchObject({
      eventCount: 0,
      damaged: { reason: expect.stringMatching(/unreadable/) },
    });
    expect(problems).toEqual([expect.stringMatching(/unreadable/)]);
  });

  it('an I/O error while reading one file marks only that file', async () => {
    let failing = '';
    const store = await openStore({
      openFile: async (file, flags, mode) => {
        if (file === failing && flags === 'r') throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });
        return fs.open(file, flags, mode);
      },
    });
    await store.create('good', 'ep1');
    await store.create('sick', 'ep1');
    failing = store.pathFor('sick');
    const { summaries } = await store.list();
    expect(summaries.map((s) => [s.sessionId, s.damaged?.reason ?? null]).sort()).toEqual([
      ['good', null],
      ['sick', 'unreadable (EIO)'],
    ]);
  });
});

describe('a torn header never hides a session (item 12)', () => {
  it('is listed as recovered, with the endpoint and title from its events and the skipped count', async () => {
    const store = await openStore();
    await fs.mkdir(dir, { recursive: true });
    const file = store.pathFor('torn');
    await fs.writeFile(
      file,
      '{"kind":"header","vers\n' +
        line(envs('torn', 1, opened('ep9'))[0]!) +
        'garbage\n' +
        line(envs('torn', 2, u({ sessionUpdate: 'session_info_update', title: 'Still mine' }))[0]!),
    );
    const [summary] = (await store.list()).summaries;
    expect(summary).toMatchObject({
      sessionId: 'torn',
      endpointId: 'ep9',
      title: 'Still mine',
      eventCount: 2,
      damaged: { skippedLines: 2, reason: expect.stringMatching(/line 1: broken header/) },
    });
    expect((await store.read('torn'))!.endpointId).toBe('ep9');
  });

  it('recovers the id from the events when the file name cannot tell it', async () => {
    const store = await openStore();
    await fs.mkdir(dir, { recursive: true });
    const id = 'ns/Ünïcode id';
    await fs.writeFile(
      store.pathFor(id),
      '\n' + line(envs('other', 1, agent('not this one'))[0]!) + line(envs(id, 1, agent('x'))[0]!),
    );
    const { summaries } = await store.list();
    expect(summaries).toMatchObject([{ sessionId: id, eventCount: 1, damaged: { skippedLines: 1 } }]);
  });

  it('an append first repairs the file atomically and keeps the original aside', async () => {
    const store = await openStore({ now: () => new Date('2026-01-02T03:04:05.006Z') });
    await fs.mkdir(dir, { recursive: true });
    const file = store.pathFor('torn');
    const original =
      '{"kind":"hea\n' + line(envs('torn', 1, opened('ep9'))[0]!) + 'junk\n' + line(envs('torn', 2, agent('a'))[0]!);
    await fs.writeFile(file, original);
    await store.append('torn', envs('torn', 3, agent('b')));

    const [first, ...rest] = (await fs.readFile(file, 'utf8')).split('\n');
    expect(JSON.parse(first!)).toMatchObject({
      kind: 'header',
      version: 1,
      sessionId: 'torn',
      endpointId: 'ep9',
      createdAt: new Date(1_010).toISOString(),
      repaired: { skippedLines: 2, original: `${path.basename(file)}.damaged-2026-01-02T03-04-05-006Z` },
    });
    expect(rest.filter(Boolean).map((l) => JSON.parse(l).seq)).toEqual([1, 2, 3]);
    expect(await fs.readFile(`${file}.damaged-2026-01-02T03-04-05-006Z`, 'utf8')).toBe(original);
    expect((await fs.readdir(dir)).sort()).toEqual([
      path.basename(file),
      `${path.basename(file)}.damaged-2026-01-02T03-04-05-006Z`,
    ]);

    const read = await store.read('torn');
    expect(read).toMatchObject({ endpointId: 'ep9', problems: [] });
    expect(read!.envelopes.map((e) => e.seq)).toEqual([1, 2, 3]);
    const { summaries, problems } = await store.list();
    expect(problems).toEqual([]);
    expect(summaries).toMatchObject([
      { sessionId: 'torn', eventCount: 3, damaged: { skippedLines: 2, reason: expect.stringMatching(/damaged-2026/) } },
    ]);
  });

  it('never appends to a file written by a newer version', async () => {
    const store = await openStore();
    await fs.mkdir(dir, { recursive: true });
    const file = store.pathFor('future');
    const text =
      JSON.stringify({ kind: 'header', version: 7, sessionId: 'future', endpointId: 'e', createdAt: 'x' }) + '\n';
    await fs.writeFile(file, text);
    await expect(store.append('future', envs('future', 1, agent('x')))).rejects.toThrow(/newer version/);
    expect(await fs.readFile(file, 'utf8')).toBe(text);
    expect((await store.list()).summaries).toMatchObject([
      { sessionId: 'future', damaged: { reason: expect.stringMatching(/newer version/) } },
    ]);
  });
});

describe('durability: fsync at turn boundaries, not per event (item 11)', () => {
  async function syncingStore(options: TranscriptStoreOptions = {}) {
    const syncs: string[] = [];
    const store = await openStore({
      ...options,
      openFile: async (file, flags, mode) => {
        const handle = await fs.open(file, flags, mode);
        const real = handle.sync.bind(handle);
        vi.spyOn(handle, 'sync').mockImplementation(() => {
          syncs.push(`${path.basename(file)}:${flags}`);
          return real();
        });
        return handle;
      },
    });
    return { store, syncs };
  }

  it('syncs the header, and a batch only when it ends a turn', async () => {
    const { store, syncs } = await syncingStore();
    await store.create('s', 'ep');
    const name = path.basename(store.pathFor('s'));
    expect(syncs).toEqual([`${name}:wx`]);
    await store.append('s', envs('s', 1, prompt('t1'), agent('a'), agent('b')));
    await store.append('s', envs('s', 4, agent('c')));
    expect(syncs).toHaveLength(1);
    await store.append('s', envs('s', 5, agent('d'), turnEnd('t1')));
    expect(syncs).toEqual([`${name}:wx`, `${name}:a`]);
  });

  it('fsync: false never syncs (the benchmark baseline)', async () => {
    const { store, syncs } = await syncingStore({ fsync: false });
    await store.create('s', 'ep');
    await store.append('s', envs('s', 1, prompt('t1'), turnEnd('t1')));
    expect(syncs).toEqual([]);
  });
});

describe('a create that crashed before its header', () => {
  it('an empty file is listed as damaged, and create() then writes the header into it', async () => {
    const store = await openStore();
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(store.pathFor('empty'), '');
    expect((await store.list()).summaries).toMatchObject([
      { sessionId: 'empty', eventCount: 0, damaged: { skippedLines: 0 } },
    ]);
    await store.create('empty', 'ep3');
    await store.append('empty', envs('empty', 1, agent('x')));
    const read = await store.read('empty');
    expect(read).toMatchObject({ endpointId: 'ep3', problems: [] });
    expect((await store.list()).summaries[0]!.damaged).toBeUndefined();
    expect(await fs.readdir(dir)).toEqual([path.basename(store.pathFor('empty'))]);
  });
});
