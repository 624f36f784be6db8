/**
 * Property (issue 9 item 12): whatever a crash or a bad disk does to a transcript — a cut at any
 * byte, or any single byte changed — the store never throws, still lists the session (possibly
 * as damaged) and keeps every complete line that came before the damage.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUpdate } from '@agentclientprotocol/sdk';
import type { SessionEvent, SessionEventEnvelope } from '../../../src/shared/domain/session';
import { TranscriptStore } from '../../../src/core/persistence/transcript-store';

const ID = 'prop-session';
const u = (update: SessionUpdate): SessionEvent => ({ type: 'update', update });
const agent = (t: string) => u({ sessionUpdate: 'agent_message_chunk', content: { type: 'text', text: t } });

const EVENTS: SessionEvent[] = [
  { type: 'session_opened', endpointId: 'ep', cwd: '/work', via: 'new' },
  { type: 'prompt_sent', turnId: 't1', prompt: [{ type: 'text', text: 'Fix the parser, s’il vous plaît' }] },
  agent('Looking… '),
  u({ sessionUpdate: 'tool_call', toolCallId: 'c1', title: 'Read parser.ts', kind: 'read', status: 'pending' }),
  u({ sessionUpdate: 'tool_call_update', toolCallId: 'c1', status: 'completed' }),
  agent('Done ✅'),
  { type: 'turn_ended', turnId: 't1', stopReason: 'end_turn' },
  u({ sessionUpdate: 'session_info_update', title: 'Parser fix' }),
];

let root: string;
let dir: string;
let original: Buffer;
let written: SessionEventEnvelope[];

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'acp-fuzz-'));
  dir = path.join(root, 'transcripts');
  const store = await TranscriptStore.open(dir);
  await store.create(ID, 'ep');
  written = EVENTS.map((event, i) => ({ sessionId: ID, seq: i + 1, at: 5_000 + i, event }));
  await store.append(ID, written.slice(0, 3));
  await store.append(ID, written.slice(3, 7));
  await store.append(ID, written.slice(7));
  await store.close();
  original = await fs.readFile(store.pathFor(ID));
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

/** The envelopes whose whole line (newline included) lies before byte `damageAt`. */
function intactBefore(damageAt: number): SessionEventEnvelope[] {
  const kept: SessionEventEnvelope[] = [];
  let start = 0;
  for (let lineNo = 0; ; lineNo++) {
    const nl = original.indexOf(0x0a, start);
    if (nl === -1 || nl + 1 > damageAt) return kept;
    if (lineNo > 0) kept.push(written[lineNo - 1]!);
    start = nl + 1;
  }
}

const damage = fc.oneof(
  fc.nat().map((n) => ({ kind: 'truncate' as const, at: n })),
  fc.record({ kind: fc.constant('corrupt' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
);

describe('transcript reading under damage (property)', () => {
  it('never throws, always lists the session, never loses a complete line before the damage', async () => {
    expect(intactBefore(original.length)).toEqual(written);
    await fc.assert(
      fc.asyncProperty(damage, async (d) => {
        const at = d.at % (original.length + (d.kind === 'truncate' ? 1 : 0));
        let bytes: Buffer;
        if (d.kind === 'truncate') bytes = original.subarray(0, at);
        else {
          bytes = Buffer.from(original);
          bytes[at] = d.byte === original[at] ? d.byte ^ 0x20 : d.byte;
        }
        const store = await TranscriptStore.open(dir); // fresh: no cached summary
        await fs.writeFile(store.pathFor(ID), bytes);
        const intact = intactBefore(at);

        const { summaries } = await store.list();
        const row = summaries.find((s) => s.sessionId === ID);
        expect(row).toBeDefined();
        expect(row!.eventCount).toBeGreaterThanOrEqual(intact.length);

        const read = await store.read(ID);
        expect(read).not.toBeNull();
        expect(read!.envelopes.slice(0, intact.length)).toEqual(intact);
        await store.close();
      }),
      { seed: 20_261_202, numRuns: 100 },
    );
  });
});
