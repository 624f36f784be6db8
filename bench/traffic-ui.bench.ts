/**
 * `npm run bench:traffic-ui`: the traffic panel in real Chromium (issue 11's frame and heap
 * numbers). The whole app runs as in browser mode: the real core and its traffic log, the
 * demo agent (in a child process, so its own memory of what it streamed is not counted as the
 * core's), the web host, the built renderer, the inspector docked beside the chat.
 *   1. The connection's log is filled with 100k records (one unpaced `/stream` turn), and the
 *      core's memory growth (main thread and the traffic log's worker) is read after a full GC
 *      as the turn ends and again once the panel caught up (limit ≤ 150 MB).
 *   2. Scrolling: the 100k-chunk run is expanded and the table is scrolled with the mouse
 *      wheel for a few seconds (rAF frame intervals; limit p95 ≤ 16.7 ms).
 *   3. Live tail: the agent streams 1,000 chunks/s while the table follows the tail, as the
 *      panel shows it by default (the run folds into one growing row), and again with the
 *      live run expanded so every record becomes a row.
 *   4. The renderer's JS heap after a GC with the panel open on all of it (limit < 50 MB).
 * Environment: CHROMIUM_PATH, TRAFFIC_UI_RECORDS (default 100000), TRAFFIC_UI_SECONDS (default 6),
 * TRAFFIC_UI_PROFILE (a directory: each scenario's CPU profile of the page is written there).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Page } from 'playwright-core';
import { launchChromium, pct, startAppRig, until } from './rig';

const RECORDS = Number(process.env.TRAFFIC_UI_RECORDS ?? 100_000);
const SECONDS = Number(process.env.TRAFFIC_UI_SECONDS ?? 6);
const RATE = 1000;
const DEMO = 'Local demo agent';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Starts recording rAF intervals and long tasks in the page. A string: tsx would inject helpers. */
const START_FRAMES = `(() => {
  window.__frames = []; window.__long = []; window.__stop = false;
  new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__long.push(e.duration))).observe({ type: 'longtask' });
  let last = performance.now();
  const tick = (t) => { window.__frames.push(t - last); last = t; if (!window.__stop) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
})()`;
const STOP_FRAMES =
  '(() => { window.__stop = true; return { frames: window.__frames.slice(5), long: window.__long }; })()';

interface FrameRun {
  readonly label: string;
  readonly frames: number[];
  readonly long: number[];
}

/** With TRAFFIC_UI_PROFILE=DIR, each scenario also writes a CPU profile of the page there. */
const PROFILE_DIR = process.env.TRAFFIC_UI_PROFILE;

async function frames(page: Page, label: string, during: () => Promise<void>): Promise<FrameRun> {
  const cdp = PROFILE_DIR ? await page.context().newCDPSession(page) : undefined;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.start');
  }
  await page.evaluate(START_FRAMES);
  await during();
  const r = (await page.evaluate(STOP_FRAMES)) as { frames: number[]; long: number[] };
  if (cdp && PROFILE_DIR) {
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: unknown };
    const name = label.replace(/[^\w]+/g, '-').slice(0, 60);
    mkdirSync(PROFILE_DIR, { recursive: true });
    writeFileSync(path.join(PROFILE_DIR, `${name}.cpuprofile`), JSON.stringify(profile));
    await cdp.detach();
  }
  return { label, ...r };
}

async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  await cdp.detach();
  return usedSize / 1e6;
}

/** The core's heap after a full GC: its main thread's and its traffic log's worker's. */
async function coreMb(traffic: { heapUsed(gc: boolean): Promise<number> }): Promise<number> {
  gc();
  gc();
  return (process.memoryUsage().heapUsed + (await traffic.heapUsed(true))) / 1e6;
}

async function main(): Promise<void> {
  const rig = await startAppRig('traffic-ui', { agentProcess: true });
  const { core, endpointId } = rig;
  const { sessionId } = await core.engine.newSession(endpointId, '/tmp');
  const idle = () => core.engine.snapshot(sessionId).state.turn.status === 'idle';
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(rig.url);
    await page.locator(`[data-testid="session-item"][data-session-id="${sessionId}"]`).click();
    await page.getByTestId('chat-view').waitFor();
    await page.getByTestId('traffic-open').click();
    await page.getByTestId('traffic-inspector').waitFor();
    await page.getByTestId('traffic-target').selectOption({ label: DEMO });
    const heapBefore = await heapMb(page);

    process.stderr.write(`Filling the log with ${RECORDS} records…\n`);
    const coreBefore = await coreMb(core.traffic);
    await core.engine.prompt(sessionId, [{ type: 'text', text: `/stream ${RECORDS}` }]);
    await until(idle, 'the fill turn', 300_000, 20);
    const coreGrowth = (await coreMb(core.traffic)) - coreBefore;
    const fillEnded = Date.now();
    const fold = page.locator('[data-testid="traffic-row"][data-row-type="fold"]').last();
    await fold.waitFor();
    // The panel has caught up when its count line stops changing.
    const count = page.getByTestId('traffic-count');
    for (let last = '', same = 0; same < 10;) {
      const now = (await count.textContent()) ?? '';
      same = now === last ? same + 1 : 0;
      last = now;
      await page.waitForTimeout(100);
    }
    const settleMs = Date.now() - fillEnded - 1000;
    // Again once the panel caught up: what the core still holds then is what it keeps (the
    // first reading also counts the records and events still on their way to the page).
    const coreKept = (await coreMb(core.traffic)) - coreBefore;

    // 2. Scroll through the expanded run.
    await fold.locator('.traffic-fold-toggle').dispatchEvent('click');
    const table = page.getByTestId('traffic-table');
    await table.hover();
    await page.waitForTimeout(500);
    const scroll = await frames(page, `scroll through ${RECORDS.toLocaleString('en')} rows (wheel)`, async () => {
      const end = Date.now() + SECONDS * 1000;
      while (Date.now() < end) {
        await page.mouse.wheel(0, 600);
        await page.waitForTimeout(16);
      }
    });
    const heapOpen = await heapMb(page);

    // 3. Live tail at 1,000 records/s: as shown (folded), then with the live run expanded.
    // Back to the top, where the big run's row is, and collapse it again.
    await table.focus();
    await page.keyboard.press('Home');
    await fold.locator('.traffic-fold-toggle').dispatchEvent('click');
    const live = async (expand: boolean): Promise<FrameRun> => {
      // To the newest row, where the live tail follows.
      await table.focus();
      await page.keyboard.press('End');
      const before = core.engine.snapshot(sessionId).state.lastSeq;
      await core.engine.prompt(sessionId, [{ type: 'text', text: `/stream ${RATE * (SECONDS + 2)} ${RATE}` }]);
      await until(() => core.engine.snapshot(sessionId).state.lastSeq > before + 1, 'the stream to start', 300_000, 20);
      if (expand) {
        const liveFold = page.locator('[data-testid="traffic-row"][data-row-type="fold"]').last();
        await liveFold.locator('.traffic-fold-toggle').dispatchEvent('click');
      }
      const label = expand ? `live tail, ${RATE} records/s, run expanded` : `live tail, ${RATE} records/s (folded)`;
      const run = await frames(page, label, () => page.waitForTimeout(SECONDS * 1000));
      await until(idle, 'the live turn', 300_000, 20);
      return run;
    };
    const tailFolded = await live(false);
    const tailExpanded = await live(true);
    const heapAfter = await heapMb(page);

    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    const row = (r: FrameRun) =>
      `| ${r.label} | ${r.frames.length} | ${pct(r.frames, 50).toFixed(1)} ms | ${pct(r.frames, 95).toFixed(1)} ms | ${pct(r.frames, 99).toFixed(1)} ms | ${Math.max(...r.frames).toFixed(1)} ms | ${r.long.length} | ≤ 16.7 ms |`;
    process.stdout.write(
      [
        `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length}× ${cpu}, headless Chromium ${browser.version()}, Node ${process.version}.`,
        `Traffic panel docked beside the chat (1400×900), the demo agent's connection holding ${RECORDS.toLocaleString('en')}+ records.`,
        '',
        '| scenario | frames | interval p50 | p95 | p99 | max | long tasks (> 50 ms) | goal p95 |',
        '|---|---:|---:|---:|---:|---:|---:|---:|',
        row(scroll),
        row(tailFolded),
        row(tailExpanded),
        '',
        '| memory | measured | limit |',
        '|---|---:|---:|',
        `| core heap growth for ${RECORDS.toLocaleString('en')} records (after GC), as the turn ends | ${coreGrowth.toFixed(1)} MB | ≤ 150 MB |`,
        `| core heap growth, once the panel caught up (after GC) | ${coreKept.toFixed(1)} MB | ≤ 150 MB |`,
        `| panel caught up after the fill turn ended | ${(settleMs / 1000).toFixed(1)} s | — |`,
        `| renderer JS heap, panel open on them (after GC) | ${heapOpen.toFixed(1)} MB | < 50 MB |`,
        `| renderer JS heap after the live tails (after GC) | ${heapAfter.toFixed(1)} MB | < 50 MB |`,
        `| renderer JS heap before the fill (panel open, empty log) | ${heapBefore.toFixed(1)} MB | — |`,
        '',
      ].join('\n'),
    );
  } finally {
    await browser.close();
    await rig.close();
  }
}

await main();
