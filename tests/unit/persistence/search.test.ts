import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionUpdate } from '@agentclientprotocol/sdk';
import type { SessionEvent, SessionEventEnvelope } from '../../../src/shared/domain/session';
import { initialSessionState, reduceAll } from '../../../src/shared/session/reducer';
import { TranscriptStore } from '../../../src/core/persistence/transcript-store';
import { excerpt, searchTranscripts } from '../../../src/core/persistence/search';

const u = (update: SessionUpdate): SessionEvent => ({ type: 'update', update });
const text = (t: string) => ({ type: 'text' as const, text: t });

function envs(sessionId: string, t0: number, ...events: SessionEvent[]): SessionEventEnvelope[] {
  return events.map((event, i) => ({ sessionId, seq: i + 1, at: t0 + i * 10, event }));
}

const conversation = (sessionId: string, t0: number, title: string) =>
  envs(
    sessionId,
    t0,
    u({ sessionUpdate: 'session_info_update', title }),
    { type: 'prompt_sent', turnId: 't1', prompt: [text('Please fix the tokenizer')] },
    u({ sessionUpdate: 'agent_thought_chunk', content: text('The lexer drops trailing commas') }),
    u({ sessionUpdate: 'agent_message_chunk', content: text('I found the bug in the tok') }),
    u({ sessionUpdate: 'agent_message_chunk', content: text('enizer: it drops trailing commas.') }),
    u({
      sessionUpdate: 'tool_call',
      toolCallId: 'c1',
      title: 'Edit lexer.ts',
      kind: 'edit',
      status: 'completed',
      content: [{ type: 'diff', path: '/src/lexer.ts', oldText: 'skip(comma)\n', newText: 'keepTrailingComma()\n' }],
    }),
    u({
      sessionUpdate: 'tool_call',
      toolCallId: 'c2',
      title: 'Run tests',
      kind: 'execute',
      status: 'completed',
      content: [{ type: 'content', content: text('42 passed') }],
    }),
    { type: 'error', message: 'Stream hiccup while streaming' },
    { type: 'turn_ended', turnId: 't1', stopReason: 'end_turn' },
  );

let root: string;
let store: TranscriptStore;

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'acp-search-'));
  store = await TranscriptStore.open(path.join(root, 'transcripts'));
  await store.create('older', 'ep1');
  await store.append('older', conversation('older', 1_000, 'Older session'));
  await store.create('newer', 'ep2');
  await store.append('newer', conversation('newer', 5_000, 'Newer session'));
});

afterEach(async () => {
  await store.close();
  await fs.rm(root, { recursive: true, force: true });
});

describe('searchTranscripts', () => {
  it('finds agent text across streamed chunks, case-insensitively, newest sessions first', async () => {
    const hits = await searchTranscripts(store, 'THE TOKENIZER');
    expect(hits.map((h) => [h.sessionId, h.kind])).toEqual([
      ['newer', 'user'],
      ['newer', 'agent'],
      ['older', 'user'],
      ['older', 'agent'],
    ]);
    expect(hits[1]).toMatchObject({
      endpointId: 'ep2',
      title: 'Newer session',
      entryId: 'e4',
      excerpt: 'I found the bug in the tokenizer: it drops trailing commas.',
      at: 5_030,
    });
  });

  it('finds tool call titles, tool text content, diffs, thoughts and markers', async () => {
    const kindsFor = async (q: string) =>
      (await searchTranscripts(store, q, 50)).filter((h) => h.sessionId === 'newer').map((h) => h.kind);
    expect(await kindsFor('edit lexer')).toEqual(['tool_call']);
    expect(await kindsFor('keepTrailingComma')).toEqual(['tool_call']);
    expect(await kindsFor('42 passed')).toEqual(['tool_call']);
    expect(await kindsFor('lexer drops')).toEqual(['thought']);
    expect(await kindsFor('hiccup')).toEqual(['marker']);
    const [diffHit] = await searchTranscripts(store, 'keepTrailing');
    expect(diffHit).toMatchObject({ entryId: 'e6', at: 5_050 });
  });

  it('respects the limit and ignores blank queries', async () => {
    expect(await searchTranscripts(store, 'tokenizer', 3)).toHaveLength(3);
    expect(await searchTranscripts(store, 'e', 1)).toHaveLength(1);
    expect(await searchTranscripts(store, '   ')).toEqual([]);
    expect(await searchTranscripts(store, '')).toEqual([]);
    expect(await searchTranscripts(store, 'no such words anywhere')).toEqual([]);
  });

  it('treats regex characters literally', async () => {
    expect(await searchTranscripts(store, '.*')).toEqual([]);
    expect((await searchTranscripts(store, 'skip(comma)')).map((h) => h.kind)).toEqual(['tool_call', 'tool_call']);
  });

  it('live states take precedence over disk, and live-only sessions are searched too', async () => {
    const onDisk = conversation('newer', 5_000, 'Newer session');
    const unflushed = [
      ...onDisk,
      {
        sessionId: 'newer',
        seq: onDisk.length + 1,
        at: 9_000,
        event: u({ sessionUpdate: 'agent_message_chunk', content: text('Unflushed zebra') }),
      },
    ];
    const live = new Map([
      ['newer', reduceAll(initialSessionState('newer'), unflushed)],
      [
        'fresh',
        reduceAll(
          initialSessionState('fresh'),
          envs(
            'fresh',
            8_000,
            { type: 'session_opened', endpointId: 'ep3', cwd: '/', via: 'new' },
            u({ sessionUpdate: 'agent_message_chunk', content: text('zebra crossing') }),
          ),
        ),
      ],
    ]);
    const hits = await searchTranscripts(store, 'zebra', 50, live);
    expect(hits.map((h) => [h.sessionId, h.endpointId, h.excerpt])).toEqual([
      ['newer', 'ep2', 'Unflushed zebra'],
      ['fresh', 'ep3', 'zebra crossing'],
    ]);
    expect(await searchTranscripts(store, 'zebra')).toEqual([]);
  });
});

describe('excerpt', () => {
  const long = `${'a'.repeat(100)} needle ${'b'.repeat(100)}`;

  it('cuts about 80 characters around the match with ellipses', () => {
    const out = excerpt(long, long.indexOf('needle'), 6);
    expect(out.startsWith('…') && out.endsWith('…')).toBe(true);
    expect(out).toContain('needle');
    expect(out.length).toBeLessThanOrEqual(82);
  });

  it('has no ellipsis at an uncut end and never splits a surrogate pair', () => {
    expect(excerpt('short text', 0, 5)).toBe('short text');
    const emoji = `${'🙂'.repeat(60)}x`;
    const out = excerpt(emoji, emoji.length - 1, 1);
    expect(out.endsWith('x')).toBe(true);
    expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
  });
});
