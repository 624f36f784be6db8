/**
 * `npm run bench:traffic` (also part of `npm run bench`): the traffic inspector's numbers (issue 11).
 *   1. Tap overhead: session/update throughput of our transport + the SDK client with the tap
 *      feeding a TrafficLog (redaction, ring, JSONL spill: what the app does), against the same
 *      transport with nothing subscribed (the tap is then skipped), alternating in one run.
 *      Limit: ≤ 5 % slower.
 *   2. 100k records: the records of a real turn, repeated to 100,000 in a TrafficLog; the
 *      core's heap growth (after a full GC; limit ≤ 150 MB), and the time of each kind of query
 *      the panel sends (a window of 200 matches, the timeline with per-method latency). Limit:
 *      a query applies in ≤ 100 ms.
 * The tap's cost is also given as this process's CPU time per update (off → on), which a busy
 * machine disturbs less than the rate. Prints Markdown tables. Environment: BENCH_N (flood size, default 20000), BENCH_REPS (default 5),
 * BENCH_RECORDS (default 100000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { client, methods } from '@agentclientprotocol/sdk';
import { TrafficLog } from '../src/core/traffic/traffic-log';
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
  /** This process's CPU time per update, µs (less sensitive than the rate to a busy machine). */
  readonly cpuUs: number;
}

/** One flood turn through our transport and the SDK client; `log` set = the tap feeds it. */
async function turn(url: string, count: number, log: TrafficLog | undefined): Promise<TurnResult> {
  const fetch = createNodeFetch();
  const t = createAcpTransport({ url, profile: 'http', fetch, webSocket: nodeWebSocket });
  const off = log ? t.onTraffic((r) => log.append('bench', [r])) : undefined;
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
      const cpu0 = process.cpuUsage();
      await ctx.request(methods.agent.session.prompt, {
        sessionId: s.sessionId,
        prompt: [{ type: 'text', text: `flood ${count}` }],
      });
      const cpu = process.cpuUsage(cpu0);
      return { wall: performance.now() - t0, cpu: cpu.user + cpu.system };
    });
    if (updates !== count) throw new Error(`got ${updates} of ${count} updates`);
    return { rate: (updates / ms.wall) * 1000, cpuUs: ms.cpu / updates };
  } finally {
    off?.();
    await t.close();
    await fetch.close();
  }
}

function newLog(dir: string, maxRecords = RECORDS): TrafficLog {
  return new TrafficLog({ dir, maxRecords, emit: () => undefined });
}

interface TapResult {
  readonly off: number;
  readonly on: number;
  readonly cpuOff: number;
  readonly cpuOn: number;
}

async function tapOverhead(url: string, dir: string): Promise<TapResult> {
  const off: TurnResult[] = [];
  const on: TurnResult[] = [];
  await turn(url, 2000, undefined); // warm-up
  const warm = newLog(path.join(dir, 'warm'));
  await turn(url, 2000, warm);
  await warm.close();
  for (let i = 0; i < REPS; i++) {
    // Alternate, so drift of the machine hits both alike.
    off.push(await turn(url, N, undefined));
    const log = newLog(path.join(dir, `tap-${i}`));
    on.push(await turn(url, N, log));
    await log.close();
  }
  return {
    off: median(off.map((t) => t.rate)),
    on: median(on.map((t) => t.rate)),
    cpuOff: median(off.map((t) => t.cpuUs)),
    cpuOn: median(on.map((t) => t.cpuUs)),
  };
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
    process.stderr.write(`tap: off ${Math.round(tap.off)} msg/s, on ${Math.round(tap.on)} msg/s\n`);
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
  const cost = (1 - tap.on / tap.off) * 100;
  const worst = Math.max(...scale.rows.map((r) => r.max));
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length}× ${cpu}, Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(1)}; flood ${N} updates × ${REPS} alternating (median); ${scale.total} records, each query ${QUERY_RUNS}×.`,
    '',
    '| tap | updates/s |',
    '|---|---:|',
    `| nothing subscribed (tap skipped) | ${Math.round(tap.off)} |`,
    `| tap → TrafficLog (redact, ring, JSONL spill) | ${Math.round(tap.on)} |`,
    `| cost of the tap | ${cost.toFixed(1)} % (limit ≤ 5 %: ${cost <= 5 ? 'met' : 'NOT met'}) |`,
    `| client CPU per update, off → on | ${tap.cpuOff.toFixed(1)} → ${tap.cpuOn.toFixed(1)} µs (+${(tap.cpuOn - tap.cpuOff).toFixed(1)}) |`,
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
