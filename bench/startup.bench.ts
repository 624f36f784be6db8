/**
 * `npm run bench:startup`: the production renderer bundle's size, browser mode's cold start and
 * the built renderer's load in Chromium. Prints Markdown tables (absolute numbers; compare two
 * runs by hand, e.g. before and after a bundle change).
 *
 * - Bundle: every JS/CSS file in out/renderer/assets, raw and gzip (zlib level 9), and whether
 *   index.html loads it up front (script, stylesheet or modulepreload) or it is fetched on demand.
 * - First interactive frame (both measurements): the first requestAnimationFrame callback in
 *   which the start screen's main controls are laid out and usable: an endpoint row in the
 *   endpoint list (so the bridge has answered), and the enabled "Add endpoint" and
 *   "New session" buttons, all with a non-empty layout box. Checked on every frame by an init
 *   script, so the time is frame-precise and not a polling artefact of the bench.
 * - Cold start: spawn of `node bin/acp-desk.mjs web --port 0 --no-open --data-dir <fresh dir>`
 *   until that frame in an already running Chromium (a fresh browser context, empty cache),
 *   which navigates as soon as the URL line appears. Wall clock, from the two processes'
 *   `performance.timeOrigin + now()`. Also split into spawn → URL line and navigation → frame.
 * - Renderer load: one warm in-process web host; each run a fresh context navigates to it and
 *   the frame's time is read relative to navigation start (Performance timing), with the
 *   navigation entry's domContentLoaded and load alongside.
 * Environment: CHROMIUM_PATH, STARTUP_BENCH_RUNS (renderer loads, default 9),
 * STARTUP_BENCH_COLD_RUNS (cold starts, default 5; 0 skips them), STARTUP_BENCH_RENDERER_DIR (a
 * saved build for the bundle table and the renderer loads, e.g. a copy of out/renderer made
 * before a change; cold starts always run `acp-desk web`, which serves out/renderer).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { URL_LINE } from '../tests/e2e/support/acp-desk-web';
import { BUILT_RENDERER, launchChromium, median, ROOT as root, startAppRig } from './rig';

const RUNS = Number(process.env.STARTUP_BENCH_RUNS ?? 9);
const COLD_RUNS = Number(process.env.STARTUP_BENCH_COLD_RUNS ?? 5);
const rendererDir = path.resolve(process.env.STARTUP_BENCH_RENDERER_DIR ?? BUILT_RENDERER);

/**
 * Runs before any page script; records `performance.now()` of the first frame in which the
 * start screen is interactive. A string, not a closure: tsx would inject helpers the page
 * does not have.
 */
const READY_SCRIPT = `(() => {
  const usable = (sel) => {
    const el = document.querySelector(sel);
    if (!el || el.disabled) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const tick = (t) => {
    if (usable('[data-testid="endpoint-list"] [data-testid="endpoint-item"]') &&
        usable('[data-testid="add-endpoint"]') && usable('[data-testid="details-new-session"]')) {
      window.__ready = t;
      return;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

const ms = (x: number) => `${Math.round(x)} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
const stats = (xs: number[]) => `${ms(median(xs))} | ${ms(Math.min(...xs))} | ${ms(Math.max(...xs))}`;

function bundleTable(): string {
  const html = readFileSync(path.join(rendererDir, 'index.html'), 'utf8');
  const initial = new Set([...html.matchAll(/(?:src|href)="\.\/assets\/([^"]+)"/g)].map((m) => m[1]));
  const files = readdirSync(path.join(rendererDir, 'assets'))
    .filter((f) => /\.(js|css)$/.test(f))
    .map((f) => {
      const bytes = readFileSync(path.join(rendererDir, 'assets', f));
      return { f, raw: bytes.length, gz: gzipSync(bytes, { level: 9 }).length, up: initial.has(f) };
    })
    .sort((a, b) => Number(b.up) - Number(a.up) || b.raw - a.raw);
  const sum = (xs: typeof files, k: 'raw' | 'gz') => xs.reduce((n, x) => n + x[k], 0);
  const up = files.filter((x) => x.up);
  const upJs = up.filter((x) => x.f.endsWith('.js'));
  const rows = files.map((x) => `| ${x.f} | ${x.up ? 'initial' : 'on demand'} | ${kb(x.raw)} | ${kb(x.gz)} |`);
  return [
    '| Asset | Loaded | Raw | Gzip |',
    '| --- | --- | ---: | ---: |',
    ...rows,
    `| **Initial JS** (${upJs.length} files) | initial | **${kb(sum(upJs, 'raw'))}** | **${kb(sum(upJs, 'gz'))}** |`,
    `| **Initial JS + CSS** | initial | ${kb(sum(up, 'raw'))} | ${kb(sum(up, 'gz'))} |`,
    `| **All** (${files.length} files) | | ${kb(sum(files, 'raw'))} | ${kb(sum(files, 'gz'))} |`,
  ].join('\n');
}

/** Navigates a fresh context to url; the frame's time and the navigation entry's marks. */
async function load(browser: Browser, url: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    await context.addInitScript(READY_SCRIPT);
    const page = await context.newPage();
    await page.goto(url);
    // Not waitForFunction: the CSP forbids the eval it uses; evaluate runs in the utility world.
    await page.evaluate(
      `new Promise((r) => { const i = setInterval(() => { if (window.__ready !== undefined) { clearInterval(i); r(); } }, 20); })`,
    );
    return (await page.evaluate(`(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      return { origin: performance.timeOrigin, ready: window.__ready, dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd };
    })()`)) as { origin: number; ready: number; dcl: number; load: number };
  } finally {
    await context.close();
  }
}

async function coldStart(browser: Browser) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'acp-startup-bench-'));
  const spawnedAt = performance.timeOrigin + performance.now();
  const args = ['bin/acp-desk.mjs', 'web', '--port', '0', '--no-open', '--data-dir', dataDir];
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        const m = URL_LINE.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`acp-desk web exited (${code})\n${out}`)));
    });
    const urlAt = performance.timeOrigin + performance.now();
    const r = await load(browser, url);
    return { total: r.origin + r.ready - spawnedAt, url: urlAt - spawnedAt, page: r.ready };
  } finally {
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await gone;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function rendererLoads(browser: Browser) {
  const rig = await startAppRig('startup', { rendererDir });
  try {
    await load(browser, rig.url); // warm the host and the browser, not measured
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await load(browser, rig.url));
    return runs;
  } finally {
    await rig.close();
  }
}

async function main(): Promise<void> {
  const browser = await launchChromium(); // builds out/renderer if needed: the cold starts serve it
  try {
    process.stderr.write(`Renderer loads (${RUNS})…\n`);
    const loads = await rendererLoads(browser);
    process.stderr.write(`Cold starts (${COLD_RUNS})…\n`);
    const colds = [];
    for (let i = 0; i < COLD_RUNS; i++) colds.push(await coldStart(browser));
    const load = os.loadavg().map((x) => x.toFixed(2));
    console.log(`## Startup and bundle (${new Date().toISOString()}, ${path.relative(root, rendererDir)})\n`);
    console.log(
      `Machine: ${os.cpus().length}× ${os.cpus()[0]?.model ?? '?'}, ${os.platform()} ${os.release()}, ` +
        `Node ${process.version}, Chromium ${browser.version()}; load average ${load.join(' / ')}\n`,
    );
    console.log(bundleTable());
    console.log(`\n| Measure | Median | Min | Max |\n| --- | ---: | ---: | ---: |`);
    console.log(
      `| Renderer load: navigation → first interactive frame (${RUNS} runs) | ${stats(loads.map((r) => r.ready))} |`,
    );
    console.log(`| Renderer load: navigation → DOMContentLoaded | ${stats(loads.map((r) => r.dcl))} |`);
    console.log(`| Renderer load: navigation → load | ${stats(loads.map((r) => r.load))} |`);
    if (colds.length > 0) {
      console.log(
        `| Cold start: spawn → first interactive frame (${COLD_RUNS} runs) | ${stats(colds.map((r) => r.total))} |`,
      );
      console.log(`| Cold start: spawn → URL line | ${stats(colds.map((r) => r.url))} |`);
      console.log(`| Cold start: navigation → first interactive frame | ${stats(colds.map((r) => r.page))} |`);
    }
  } finally {
    await browser.close();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
