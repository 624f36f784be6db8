/**
 * `npm run bench`: session/update throughput and per-message latency of our transport,
 * measured in one run against the same agent process and workload as
 *   - the SDK's own client transport (`createHttpStream`), and
 *   - a bare reader: fetch + split on blank lines + JSON.parse, no reconnects, no checks.
 * Two levels: the raw `Stream` (transport only) and through the SDK's client app (what the
 * product does: validation and dispatch included). Prints a Markdown table with ratios.
 * Environment: BENCH_N (flood size, default 20000), BENCH_REPS (default 5).
 */
import os from 'node:os';
import { client, methods, type Stream } from '@agentclientprotocol/sdk';
import { createHttpStream } from '@agentclientprotocol/sdk/experimental/http-client';
import { createAcpTransport } from '../src/core/transport/acp-transport';
import { createNodeFetch, nodeWebSocket } from '../src/core/transport/node-deps';
import { bareTurn } from './bare-reader';
import { median, pct, startBenchAgent } from './rig';

const N = Number(process.env.BENCH_N ?? 20_000);
const REPS = Number(process.env.BENCH_REPS ?? 5);
const PACED = { count: 3000, rate: 1000 };

type Variant = {
  name: string;
  open(url: string): Promise<{ stream?: Stream; close(): Promise<void> }>;
  sdkClient: boolean;
};
interface TurnResult {
  updates: number;
  ms: number;
  latenciesMs: number[];
}

function stamp(text: string, into: number[]): void {
  if (text.startsWith('t:')) into.push(Number(process.hrtime.bigint() - BigInt(text.slice(2))) / 1e6);
}

/** Drives a raw Stream: initialize, session/new, one prompt; counts session/update messages. */
async function streamTurn(stream: Stream, prompt: string): Promise<TurnResult> {
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  const waiters = new Map<number, (v: unknown) => void>();
  const latenciesMs: number[] = [];
  let updates = 0;
  let id = 0;
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      const m = value as {
        id?: number;
        method?: string;
        result?: unknown;
        params?: { update?: { content?: { text?: string } } };
      };
      if (m.method === 'session/update') {
        updates++;
        stamp(m.params?.update?.content?.text ?? '', latenciesMs);
      } else if (m.id !== undefined && !m.method) waiters.get(m.id)?.(m.result);
    }
  })();
  const req = <T = unknown>(method: string, params: object) =>
    new Promise<T>((resolve) => {
      const rid = ++id;
      waiters.set(rid, resolve as (v: unknown) => void);
      void writer.write({ jsonrpc: '2.0', id: rid, method, params });
    });
  await req('initialize', { protocolVersion: 1, clientCapabilities: {}, clientInfo: { name: 'bench', version: '1' } });
  const { sessionId } = await req<{ sessionId: string }>('session/new', { cwd: '/', mcpServers: [] });
  const t0 = performance.now();
  await req('session/prompt', { sessionId, prompt: [{ type: 'text', text: prompt }] });
  const ms = performance.now() - t0;
  await writer.close().catch(() => undefined);
  await pump.catch(() => undefined);
  return { updates, ms, latenciesMs };
}

/** The same turn through the SDK's client app (schema validation + handler dispatch). */
async function clientTurn(stream: Stream, prompt: string): Promise<TurnResult> {
  const latenciesMs: number[] = [];
  let updates = 0;
  const app = client({ name: 'bench' }).onNotification(methods.client.session.update, ({ params }) => {
    updates++;
    const c = params.update.sessionUpdate === 'agent_message_chunk' ? params.update.content : undefined;
    if (c?.type === 'text') stamp(c.text, latenciesMs);
  });
  return app.connectWith(stream, async (ctx) => {
    await ctx.request(methods.agent.initialize, {
      protocolVersion: 1,
      clientCapabilities: {},
      clientInfo: { name: 'bench', version: '1' },
    });
    const s = await ctx.request(methods.agent.session.new, { cwd: '/', mcpServers: [] });
    const t0 = performance.now();
    await ctx.request(methods.agent.session.prompt, {
      sessionId: s.sessionId,
      prompt: [{ type: 'text', text: prompt }],
    });
    return { updates, ms: performance.now() - t0, latenciesMs };
  });
}

const ours = async (url: string) => {
  const fetch = createNodeFetch();
  const t = createAcpTransport({ url, profile: 'http', fetch, webSocket: nodeWebSocket });
  return { stream: t.stream, close: async () => (await t.close(), await fetch.close()) };
};
const sdk = async (url: string) => ({ stream: createHttpStream(url), close: async () => undefined });

const VARIANTS: Variant[] = [
  {
    name: 'bare reader (fetch + split + JSON.parse)',
    open: async () => ({ close: async () => undefined }),
    sdkClient: false,
  },
  { name: 'SDK createHttpStream, raw Stream', open: sdk, sdkClient: false },
  { name: 'ACP Desk transport, raw Stream', open: ours, sdkClient: false },
  { name: 'SDK createHttpStream + SDK client', open: sdk, sdkClient: true },
  { name: 'ACP Desk transport + SDK client', open: ours, sdkClient: true },
];

async function runOnce(v: Variant, url: string, prompt: string): Promise<TurnResult> {
  if (v.name.startsWith('bare')) return bareTurn(url, prompt, stamp);
  const h = await v.open(url);
  try {
    return await (v.sdkClient ? clientTurn(h.stream!, prompt) : streamTurn(h.stream!, prompt));
  } finally {
    await h.close();
  }
}

async function main(): Promise<void> {
  const agentProc = await startBenchAgent();
  const rows: Array<{ name: string; rate: number; p50: number; p99: number }> = [];
  try {
    for (const v of VARIANTS) {
      await runOnce(v, agentProc.url, 'flood 2000'); // warm-up
      const rates: number[] = [];
      for (let i = 0; i < REPS; i++) {
        const r = await runOnce(v, agentProc.url, `flood ${N}`);
        if (r.updates !== N) throw new Error(`${v.name}: got ${r.updates} of ${N} updates`);
        rates.push((r.updates / r.ms) * 1000);
      }
      const lat = await runOnce(v, agentProc.url, `paced ${PACED.count} ${PACED.rate}`);
      rows.push({ name: v.name, rate: median(rates), p50: pct(lat.latenciesMs, 50), p99: pct(lat.latenciesMs, 99) });
      process.stderr.write(`${v.name}: ${Math.round(median(rates))} msg/s\n`);
    }
  } finally {
    agentProc.stop();
  }
  print(rows);
}

function print(rows: Array<{ name: string; rate: number; p50: number; p99: number }>): void {
  const bare = rows[0]!;
  const sdkRaw = rows[1]!;
  const sdkClient = rows[3]!;
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length}× ${cpu}, Node ${process.version}; flood ${N} updates × ${REPS} (median), latency at ${PACED.rate} msg/s × ${PACED.count}.`,
    '',
    '| client | updates/s | vs SDK client | vs bare reader | latency p50 | p99 | added p99 vs bare |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r, i) => {
      const sdkRef = i >= 3 ? sdkClient : sdkRaw;
      return `| ${r.name} | ${Math.round(r.rate)} | ${(r.rate / sdkRef.rate).toFixed(2)}× | ${(r.rate / bare.rate).toFixed(2)}× | ${r.p50.toFixed(2)} ms | ${r.p99.toFixed(2)} ms | ${(r.p99 - bare.p99).toFixed(2)} ms |`;
    }),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
