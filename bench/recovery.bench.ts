/**
 * Recovery time (issue 8): from "the agent's server is listening again" to "the session is
 * re-attached", over repeated restarts of an agent on the SDK's AcpServer with its sessions
 * persisted, for a 1 s outage (real time) and a 30 s outage (on a HybridClock, so 30 s of
 * production backoff and offline retries pass in about a second; the time reported is the
 * transport's clock). Production limits (DEFAULT_LIMITS), HTTP and WebSocket, direct to the
 * agent. Prints a Markdown table: p50 / p95 / max per case, against the goal p50 ≤ 1 s after 1 s.
 * Environment: BENCH_RESTARTS (default 20).
 */
import os from 'node:os';
import { client, methods, type Stream } from '@agentclientprotocol/sdk';
import { createAcpTransport } from '../src/core/transport/acp-transport';
import { createNodeFetch, nodeWebSocket } from '../src/core/transport/node-deps';
import type { TransportEvent } from '../src/shared/domain/traffic';
import { HybridClock } from '../tests/support/hybrid-clock';
import { startTestAgent, type TestSession } from '../tests/support/test-agent';

const RESTARTS = Number(process.env.BENCH_RESTARTS ?? 20);

async function connect(stream: Stream) {
  const app = client({ name: 'acp-desk-bench' })
    .onNotification(methods.client.session.update, () => undefined)
    .onRequest(methods.client.session.requestPermission, () => ({ outcome: { outcome: 'cancelled' } }));
  const conn = app.connect(stream);
  await conn.agent.request(methods.agent.initialize, {
    protocolVersion: 1,
    clientCapabilities: {},
    clientInfo: { name: 'bench', version: '1' },
  });
  return conn;
}

async function oneRestart(profile: 'http' | 'ws', outageMs: number, virtual: boolean): Promise<number> {
  const store = new Map<string, TestSession>();
  let agent = await startTestAgent({ store });
  const clock = new HybridClock();
  const fetch = createNodeFetch();
  const t = createAcpTransport({ url: agent.url, profile, timers: clock, fetch, webSocket: nodeWebSocket });
  let recoveredAt: number | undefined;
  t.onEvent((e: TransportEvent) => {
    if (e.type === 'recovered') recoveredAt ??= clock.now();
  });
  try {
    const conn = await connect(t.stream);
    const { sessionId } = await conn.agent.request(methods.agent.session.new, { cwd: '/tmp', mcpServers: [] });
    await conn.agent.request(methods.agent.session.prompt, {
      sessionId,
      prompt: [{ type: 'text', text: 'chunks 2' }],
    });
    const port = agent.port;
    await agent.close();
    if (virtual) await clock.skip(outageMs);
    else await new Promise((r) => setTimeout(r, outageMs));
    agent = await startTestAgent({ store, port });
    const listening = clock.now();
    // Real time runs on; on the virtual case the clock is also moved on while waiting.
    for (let i = 0; recoveredAt === undefined && i < 4_000; i++) {
      if (virtual) await clock.skip(50, 50);
      else await new Promise((r) => setTimeout(r, 5));
    }
    if (recoveredAt === undefined) throw new Error(`${profile}: no recovery after the restart`);
    return recoveredAt - listening;
  } finally {
    await t.close();
    await fetch.close();
    await agent.close();
    clock.dispose();
  }
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
}

async function main(): Promise<void> {
  const cases = [
    { profile: 'http', outageMs: 1_000, virtual: false },
    { profile: 'ws', outageMs: 1_000, virtual: false },
    { profile: 'http', outageMs: 30_000, virtual: true },
    { profile: 'ws', outageMs: 30_000, virtual: true },
  ] as const;
  const rows: string[] = [];
  for (const c of cases) {
    const times: number[] = [];
    for (let i = 0; i < RESTARTS; i++) times.push(await oneRestart(c.profile, c.outageMs, c.virtual));
    const p50 = pct(times, 50);
    const goal = c.outageMs === 1_000 ? (p50 <= 1_000 ? 'met (≤ 1 s)' : 'missed (> 1 s)') : '—';
    rows.push(
      `| ${c.profile} | ${c.outageMs / 1000} s${c.virtual ? ' (virtual clock)' : ''} | ${RESTARTS} | ${Math.round(p50)} ms | ${Math.round(pct(times, 95))} ms | ${Math.round(Math.max(...times))} ms | ${goal} |`,
    );
    process.stderr.write(`${c.profile} ${c.outageMs} ms: p50 ${Math.round(p50)} ms\n`);
  }
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  process.stdout.write(
    [
      `Recovery, measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length}× ${cpu}, Node ${process.version}; production limits, sessions persisted, listening again → session re-attached.`,
      '',
      '| profile | outage | restarts | p50 | p95 | max | goal p50 ≤ 1 s after 1 s |',
      '|---|---|---:|---:|---:|---:|---|',
      ...rows,
      '',
    ].join('\n'),
  );
}

await main();
