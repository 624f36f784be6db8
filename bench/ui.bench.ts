/**
 * `npm run bench:ui`: frame times in real Chromium while the demo agent streams 200 chunks/s
 * into a session that already holds 2,000 entries. The whole app runs as in browser mode:
 * the real core, the demo agent, the web host, the built renderer. Reports rAF frame
 * intervals (p50/p95/p99/max) and long tasks during the stream; goal p95 ≤ 16.7 ms.
 * Environment: CHROMIUM_PATH, UI_BENCH_ENTRIES (default 2000), UI_BENCH_SECONDS (default 8).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { createAppCore } from '../src/core/app/app-core';
import { startDemoAgent } from '../src/demo-agent/server';
import { createFileKeyCipher } from '../src/core/endpoints/secret-store';
import { probeEndpoint } from '../src/core/transport/probe';
import { ensureRendererBuilt } from '../src/core/web/renderer-build';
import { startWebHost } from '../src/core/web/web-host';
import { CHROMIUM_ARGS, findChromium } from '../tests/e2e/chromium';

const ENTRIES = Number(process.env.UI_BENCH_ENTRIES ?? 2000);
const SECONDS = Number(process.env.UI_BENCH_SECONDS ?? 8);
const RATE = 200;
const root = path.resolve(import.meta.dirname, '..');

async function until(pred: () => boolean, what: string, ms = 120_000): Promise<void> {
  const start = Date.now();
  while (!pred()) {
    if (Date.now() - start > ms) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] ?? NaN;

async function main(): Promise<void> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('No Chromium found (set CHROMIUM_PATH or apt-get install chromium)');
  const rendererDir = path.join(root, 'out/renderer');
  await ensureRendererBuilt(root, rendererDir, () => process.stderr.write('Building the UI…\n'));
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'acp-ui-bench-'));
  const agent = await startDemoAgent({ streamDelayMs: 0 });
  const core = await createAppCore({
    dataDir,
    cipher: await createFileKeyCipher(dataDir),
    host: 'web',
    version: 'bench',
    demoAgentUrl: agent.url,
    probe: (e) => probeEndpoint(e),
  });
  const endpointId = core.endpoints.list().endpoints[0]!.id;
  const { sessionId } = await core.engine.newSession(endpointId, '/tmp');
  process.stderr.write(`Filling the session with ${ENTRIES} entries…\n`);
  while (core.engine.snapshot(sessionId).state.entryIds.length < ENTRIES) {
    const before = core.engine.snapshot(sessionId).state.lastSeq;
    await core.engine.prompt(sessionId, [
      { type: 'text', text: `/echo message ${before} with a little **Markdown** and \`code\`` },
    ]);
    await until(() => {
      const s = core.engine.snapshot(sessionId).state;
      return s.turn.status === 'idle' && s.lastSeq > before + 1;
    }, 'fill turn');
  }
  const host = await startWebHost({ core, rendererDir });
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(host.url);
    await page.locator(`[data-testid="session-item"][data-session-id="${sessionId}"]`).click();
    await page.getByTestId('message-list').waitFor();
    await page.waitForTimeout(1000);
    // A string, not a closure: tsx would inject helpers the page does not have.
    await page.evaluate(`(() => {
      window.__frames = []; window.__long = []; window.__stop = false;
      new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__long.push(e.duration))).observe({ type: 'longtask' });
      let last = performance.now();
      const tick = (t) => { window.__frames.push(t - last); last = t; if (!window.__stop) requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    })()`);
    await page.getByTestId('composer-input').fill(`/stream ${RATE * (SECONDS + 2)} ${RATE}`);
    await page.getByTestId('composer-input').press('Enter');
    await page.waitForTimeout(SECONDS * 1000);
    const { frames, long } = (await page.evaluate(
      '(() => { window.__stop = true; return { frames: window.__frames.slice(5), long: window.__long }; })()',
    )) as { frames: number[]; long: number[] };
    const entries = core.engine.snapshot(sessionId).state.entryIds.length;
    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    process.stdout.write(
      [
        `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length}× ${cpu}, headless Chromium ${browser.version()}, Node ${process.version}.`,
        `Session of ${entries} entries; demo agent streaming ${RATE} chunks/s for ${SECONDS} s.`,
        '',
        '| frames | interval p50 | p95 | p99 | max | dropped (> 25 ms) | long tasks (> 50 ms) | goal p95 |',
        '|---:|---:|---:|---:|---:|---:|---:|---:|',
        `| ${frames.length} | ${pct(frames, 50).toFixed(1)} ms | ${pct(frames, 95).toFixed(1)} ms | ${pct(frames, 99).toFixed(1)} ms | ${Math.max(...frames).toFixed(1)} ms | ${frames.filter((f) => f > 25).length} | ${long.length} | ≤ 16.7 ms |`,
        '',
      ].join('\n'),
    );
    await core.engine.cancel(sessionId).catch(() => undefined);
  } finally {
    await browser.close();
    await host.close();
    await core.dispose();
    await agent.close();
  }
}

await main();
