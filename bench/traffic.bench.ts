/**
 * `npm run bench:traffic` (also part of `npm run bench`): the traffic inspector's numbers (issue 11).
 *   1. Tap overhead: session/update throughput of our transport + the SDK client with the tap
 *      feeding the app's traffic log (TrafficLogHost: its worker thread redacts, indexes and
 *      spills), with the inspector closed and with its live tail watching, against the same
 *      transport with nothing subscribed (the tap is then skipped), alternating in one run.
 *      Limit: ≤ 5 % slower (inspector closed). Also given: CPU time per update of the
 *      transport's thread and of the whole process (the log's worker included).
 *   2. 100k records: the records of a real turn, repeated to 100,000 in a TrafficLog (the
 *      class the worker runs, here on this thread so its heap can be measured); the heap
 *      growth (after a full GC; limit ≤ 150 MB), and the time of each kind of query the panel
 *      sends (a window of 200 matches, the timeline with per-method latency). Limit: a query
 *      applies in ≤ 100 ms.
 * Prints Markdown tables. Environment: BENCH_N (flood size, default 20000), BENCH_REPS
 * (default 5), BENCH_RECORDS (default 100000).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { client, methods } from '@agentclientprotocol/sdk';
import { TrafficLog } from '../src/core/traffic/traffic-log';
import { TrafficLogHost } from '../src/core/traffic/traffic-host';
import { compileTrafficQuery } from '../src/core/traffic/traffic-query';
import { createAcpTransport } from '../src/core/transport/acp-transport';
import { createNodeFetch, nodeWebSocket } from '../src/core/transport/node-deps';
import type { TrafficRecord } from '../src/shared/domain/traffic';
import { median, startBenchAgent } from './rig';

const N = Number(process.env.BENCH_N ?? 20_000);
const REPS = Number(process.env.BENCH_REPS ?? 5);
const RECORDS = Number(process.env.BENCH_RECORDS ?? 100_000);
const QUERY_RUNS = 7;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface TurnResult {
  /** Updates per second (wall clock). */
  readonly rate: number;
  /** This process's CPU time per update, µs (every thread: the log's worker included). */
  readonly cpuUs: number;
  /** The transport's thread's CPU time per update, µs (Linux; 10 ms ticks, so a median of several turns). */
  readonly threadUs: number | undefined;
}

/** CPU time of this (the main) thread, ms, from /proc on Linux; undefined elsewhere. */
function threadCpuMs(): number | undefined {
  try {
    const f = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

type Mode = 'off' | 'closed' | 'watched';

/**
 * One flood turn through our transport and the SDK client. `off`: nothing takes the traffic
 * (the tap is skipped); otherwise the tap feeds the app's traffic log (its worker redacts,
 * indexes and spills), with no window watching (`closed`) or with the inspector's live tail
 * subscribed (`watched`, whose records come back to this thread as the app's would).
 */
async function turn(url: string, count: number, mode: Mode, dir: string): Promise<TurnResult> {
  const fetch = createNodeFetch();
  const t = createAcpTransport({ url, profile: 'http', fetch, webSocket: nodeWebSocket });
  const log = mode === 'off' ? undefined : newHostedLog(dir);
  if (log) {
    t.feedTraffic((redactor) => log.feed('bench', redactor));
    if (mode === 'watched') await log.subscribe('bench');
    else await log.total('bench'); // the worker is up
  }
  let updates = 0;
  try {
    const app = client({ name: 'bench' }).onNotification(methods.client.session.update, () => void updates++);
    const ms = await app.connectWith(t.stream, async (ctx) => {
      await ctx.request(methods.agent.initialize, {
        protocolVersion: 1,
        clientCapabilities: {},
        clientInfo: { name: 'bench', version: '1' },
      });
      const s = await ctx.request(methods.agent.session.new, { cwd: '/', mcpServers: [] });
      const t0 = performance.now();
      const thread0 = threadCpuMs();
      const cpu0 = process.cpuUsage();
      await ctx.request(methods.agent.session.prompt, {
        sessionId: s.sessionId,
        prompt: [{ type: 'text', text: `flood ${count}` }],
      });
      const cpu = process.cpuUsage(cpu0);
      const thread1 = threadCpuMs();
      const threadMs = thread0 === undefined || thread1 === undefined ? undefined : thread1 - thread0;
      return { wall: performance.now() - t0, cpu: cpu.user + cpu.system, threadMs };
    });
    if (updates !== count) throw new Error(`got ${updates} of ${count} updates`);
    return {
      rate: (updates / ms.wall) * 1000,
      cpuUs: ms.cpu / updates,
      threadUs: ms.threadMs === undefined ? undefined : (ms.threadMs * 1000) / updates,
    };
  } finally {
    await t.close();
    await fetch.close();
    // Closing processes what the log still holds: before the next turn, so it is not slowed.
    await log?.close();
  }
}

function newLog(dir: string, maxRecords = RECORDS): TrafficLog {
  return new TrafficLog({ dir, maxRecords, emit: () => undefined });
}

/** The app's log: the same TrafficLog, in its worker thread. */
function newHostedLog(dir: string): TrafficLogHost {
  return new TrafficLogHost({ dir, maxRecords: RECORDS, emit: () => undefined });
}

interface ModeResult {
  readonly rate: number;
  readonly cpuUs: number;
  readonly threadUs: number | undefined;
}
type TapResult = Record<Mode, ModeResult>;

async function tapOverhead(url: string, dir: string): Promise<TapResult> {
  const modes: Mode[] = ['off', 'closed', 'watched'];
  const runs: Record<Mode, TurnResult[]> = { off: [], closed: [], watched: [] };
  for (const mode of modes) await turn(url, 2000, mode, path.join(dir, `warm-${mode}`)); // warm-up
  for (let i = 0; i < REPS; i++)
    // Alternate, so drift of the machine hits every mode alike.
    for (const mode of modes) runs[mode].push(await turn(url, N, mode, path.join(dir, `tap-${mode}-${i}`)));
  const summary = (list: TurnResult[]): ModeResult => {
    const thread = list.map((t) => t.threadUs);
    return {
      rate: median(list.map((t) => t.rate)),
      cpuUs: median(list.map((t) => t.cpuUs)),
      threadUs: thread.every((x) => x !== undefined) ? median(thread) : undefined,
    };
  };
  return { off: summary(runs.off), closed: summary(runs.closed), watched: summary(runs.watched) };
}

/** The records of one real turn, with the messages' ids renumbered per copy so pairing stays honest. */
async function capture(url: string): Promise<TrafficRecord[]> {
  const out: TrafficRecord[] = [];
  const fetch = createNodeFetch();
  const t = createAcpTransport({ url, profile: 'http', fetch, webSocket: nodeWebSocket });
  t.onTraffic((r) => out.push(r));
  try {
    const app = client({ name: 'bench' }).onNotification(methods.client.session.update, () => undefined);
    await app.connectWith(t.stream, async (ctx) => {
      await ctx.request(methods.agent.initialize, {
        protocolVersion: 1,
        clientCapabilities: {},
        clientInfo: { name: 'bench', version: '1' },
      });
      const s = await ctx.request(methods.agent.session.new, { cwd: '/', mcpServers: [] });
      for (let i = 0; i < 5; i++)
        await ctx.request(methods.agent.session.prompt, {
          sessionId: s.sessionId,
          prompt: [{ type: 'text', text: 'flood 400' }],
        });
    });
  } finally {
    await t.close();
    await fetch.close();
  }
  return out;
}

function* repeated(sample: readonly TrafficRecord[], total: number): Generator<TrafficRecord> {
  const span = sample.at(-1)!.at - sample[0]!.at + 1;
  let seq = 0;
  for (let copy = 0; seq < total; copy++) {
    for (const r of sample) {
      if (seq >= total) return;
      seq++;
      let message = r.kind === 'message' ? (r.message as Record<string, unknown>) : undefined;
      if (message && typeof message.id === 'number') message = { ...message, id: message.id + copy * 1000 };
      yield { ...r, seq, at: r.at + copy * span, ...(message ? { message } : {}) } as TrafficRecord;
    }
  }
}

const QUERIES: Array<{ name: string; query: string }> = [
  { name: 'no query (latest window)', query: '' },
  { name: 'method + update kind', query: 'method:session/update kind:agent_message_chunk' },
  { name: 'responses slower than 500 ms', query: 'latency:>500ms' },
  { name: 'free text, no match (full scan)', query: '"no such text anywhere"' },
  { name: 'errors only, none (full scan)', query: 'has:error' },
  { name: 'negation + size', query: '-method:session/update size:>100b' },
];

function timed(run: () => unknown): { p50: number; max: number } {
  const ms: number[] = [];
  for (let i = 0; i < QUERY_RUNS; i++) {
    const t0 = performance.now();
    run();
    ms.push(performance.now() - t0);
  }
  return { p50: median(ms), max: Math.max(...ms) };
}

async function atScale(sample: readonly TrafficRecord[], dir: string) {
  gc();
  const before = process.memoryUsage();
  const log = newLog(path.join(dir, 'scale'));
  let batch: TrafficRecord[] = [];
  for (const r of repeated(sample, RECORDS)) {
    batch.push(r);
    if (batch.length === 100) {
      log.append('bench', batch);
      batch = [];
    }
  }
  if (batch.length) log.append('bench', batch);
  await log.flush();
  gc();
  const after = process.memoryUsage();
  const grewMb = (after.heapUsed + after.external - before.heapUsed - before.external) / 1024 / 1024;
  const rows = QUERIES.map(({ name, query }) => {
    const q = compileTrafficQuery(query);
    return { name: `${name}: \`${query || '—'}\``, ...timed(() => log.window('bench', undefined, 200, q)) };
  });
  rows.push({ name: 'lane timeline + latency per method', ...timed(() => log.timeline('bench')) });
  const total = log.total('bench');
  await log.close();
  return { grewMb, rows, total };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'acp-traffic-bench-'));
  const agentProc = await startBenchAgent();
  try {
    const tap = await tapOverhead(agentProc.url, dir);
    process.stderr.write(
      `tap: off ${Math.round(tap.off.rate)} msg/s, closed ${Math.round(tap.closed.rate)}, watched ${Math.round(tap.watched.rate)}\n`,
    );
    const sample = await capture(agentProc.url);
    const scale = await atScale(sample, dir);
    print(tap, scale);
  } finally {
    agentProc.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function print(
  tap: TapResult,
  scale: { grewMb: number; rows: Array<{ name: string; p50: number; max: number }>; total: number },
): void {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const cost = (m: ModeResult) => (1 - m.rate / tap.off.rate) * 100;
  const closed = cost(tap.closed);
  const worst = Math.max(...scale.rows.map((r) => r.max));
  const us = (x: number | undefined) => (x === undefined ? 'n/a' : `${x.toFixed(1)} µs`);
  const row = (name: string, m: ModeResult, limit: string) =>
    `| ${name} | ${Math.round(m.rate)} | ${m === tap.off ? '—' : `${cost(m).toFixed(1)} %${limit}`} | ${us(m.threadUs)} | ${us(m.cpuUs)} |`;
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length}× ${cpu}, Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(1)}; flood ${N} updates × ${REPS} alternating (median); ${scale.total} records, each query ${QUERY_RUNS}×.`,
    '',
    '| tap | updates/s | cost | transport thread CPU / update | process CPU / update |',
    '|---|---:|---:|---:|---:|',
    row('nothing subscribed (tap skipped)', tap.off, ''),
    row('tap → traffic log, inspector closed', tap.closed, ` (limit ≤ 5 %: ${closed <= 5 ? 'met' : 'NOT met'})`),
    row('tap → traffic log, inspector watching (live tail)', tap.watched, ''),
    '',
    `| ${scale.total} records in the core | p50 | max |`,
    '|---|---:|---:|',
    ...scale.rows.map((r) => `| ${r.name} | ${r.p50.toFixed(1)} ms | ${r.max.toFixed(1)} ms |`),
    `| worst query vs the 100 ms limit | | ${worst <= 100 ? 'met' : 'NOT met'} |`,
    `| core heap growth for the log | ${scale.grewMb.toFixed(0)} MB | limit ≤ 150 MB: ${scale.grewMb <= 150 ? 'met' : 'NOT met'} |`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
