/**
 * `npm run bench:ui`: frame times in real Chromium while the demo agent streams 200 chunks/s
 * into a session that already holds 2,000 entries. The whole app runs as in browser mode:
 * the real core, the demo agent, the web host, the built renderer. Reports rAF frame
 * intervals (p50/p95/p99/max) and long tasks during the stream; goal p95 ≤ 16.7 ms.
 * Environment: CHROMIUM_PATH, UI_BENCH_ENTRIES (default 2000), UI_BENCH_SECONDS (default 8).
 */
import os from 'node:os';
import { launchChromium, pct, startAppRig, until } from './rig';

const ENTRIES = Number(process.env.UI_BENCH_ENTRIES ?? 2000);
const SECONDS = Number(process.env.UI_BENCH_SECONDS ?? 8);
const RATE = 200;

async function main(): Promise<void> {
  const rig = await startAppRig('ui');
  const { core, endpointId } = rig;
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
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(rig.url);
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
    await rig.close();
  }
}

await main();
