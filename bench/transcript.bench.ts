/**
 * `node bin/tsx-run.mjs bench/transcript.bench.ts`: what fsync at turn boundaries costs.
 * Appends N turns of M events (one batch per event, as the engine's batcher does under a fast
 * stream, with `turn_ended` in the last batch of each turn) to a fresh transcript, with and
 * without fsync, and prints Markdown table rows: appends per second and ms per turn.
 * Environment: BENCH_TURNS (default 200), BENCH_EVENTS (events per turn, default 20),
 * BENCH_DIR (where to write; default the OS temp dir: put it on the disk you care about).
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SessionEvent, SessionEventEnvelope } from '../src/shared/domain/session';
import { TranscriptStore } from '../src/core/persistence/transcript-store';

const TURNS = Number(process.env.BENCH_TURNS ?? 200);
const EVENTS = Math.max(2, Number(process.env.BENCH_EVENTS ?? 20));
const BASE = process.env.BENCH_DIR ?? os.tmpdir();

function turnEvents(turn: number): SessionEvent[] {
  const turnId = `t${turn}`;
  const events: SessionEvent[] = [{ type: 'prompt_sent', turnId, prompt: [{ type: 'text', text: 'next step' }] }];
  for (let i = 1; i < EVENTS - 1; i++)
    events.push({
      type: 'update',
      update: { sessionUpdate: 'agent_message_chunk', content: { type: 'text', text: `chunk ${i} `.repeat(8) } },
    });
  events.push({ type: 'turn_ended', turnId, stopReason: 'end_turn' });
  return events;
}

async function run(fsync: boolean): Promise<{ ms: number; appends: number }> {
  const root = await fs.mkdtemp(path.join(BASE, 'acp-bench-transcript-'));
  try {
    const store = await TranscriptStore.open(path.join(root, 'transcripts'), { fsync });
    await store.create('bench', 'ep');
    let seq = 0;
    let appends = 0;
    const start = process.hrtime.bigint();
    for (let t = 0; t < TURNS; t++) {
      for (const event of turnEvents(t)) {
        const env: SessionEventEnvelope = { sessionId: 'bench', seq: ++seq, at: Date.now(), event };
        await store.append('bench', [env]);
        appends++;
      }
    }
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    await store.close();
    return { ms, appends };
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
}

console.log(`Transcript appends: ${TURNS} turns × ${EVENTS} events, one append per event, in ${BASE}`);
console.log('');
console.log('| fsync | appends/s | ms per turn | total ms |');
console.log('|---|---:|---:|---:|');
for (const fsync of [false, true]) {
  await run(fsync); // warm-up
  const { ms, appends } = await run(fsync);
  const row = [
    fsync ? 'at turn ends' : 'never',
    Math.round((appends / ms) * 1000).toLocaleString('en-US'),
    (ms / TURNS).toFixed(3),
    ms.toFixed(0),
  ];
  console.log(`| ${row.join(' | ')} |`);
}
