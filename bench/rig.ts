/**
 * What the benches share: the repo root, percentiles, a polling wait, the bench agent child
 * process, Chromium and the built renderer, and the "browser mode against the demo agent" rig
 * (a real AppCore on a temp data dir, the demo agent, the web host). One copy, so every bench
 * measures the same setup.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { createAppCore, type AppCore } from '../src/core/app/app-core';
import { createFileKeyCipher } from '../src/core/endpoints/secret-store';
import { probeEndpoint } from '../src/core/transport/probe';
import { ensureRendererBuilt } from '../src/core/web/renderer-build';
import { startWebHost } from '../src/core/web/web-host';
import { startDemoAgent } from '../src/demo-agent/server';
import { CHROMIUM_ARGS, findChromium } from '../tests/e2e/chromium';

export const ROOT = path.resolve(import.meta.dirname, '..');
/**
 * The UI the benches serve: out/renderer, or BENCH_RENDERER_DIR (e.g. an unminified build, so
 * TRAFFIC_UI_PROFILE's CPU profiles name the components).
 */
export const BUILT_RENDERER = path.resolve(process.env['BENCH_RENDERER_DIR'] ?? path.join(ROOT, 'out/renderer'));

/** The p-th percentile (nearest rank); NaN for no samples. */
export const pct = (xs: readonly number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] ?? NaN;

/** The median (the mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Polls `pred` until it holds; throws naming `what` after `ms`. */
export async function until(pred: () => boolean, what: string, ms = 120_000, everyMs = 5): Promise<void> {
  const start = Date.now();
  while (!pred()) {
    if (Date.now() - start > ms) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** bench/bench-agent.ts in its own process (so its CPU is not the client's); resolves its URL. */
export function startBenchAgent(): Promise<{ url: string; stop(): void }> {
  return startAgentProcess('bench/bench-agent.ts');
}

/** A bench agent script in its own process; resolves the URL it prints first. */
async function startAgentProcess(script: string): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ['bin/tsx-run.mjs', script], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()));
    child.once('exit', (c) => reject(new Error(`bench agent exited ${c}`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

/** Headless Chromium (the system one: CHROMIUM_PATH or apt's chromium), after building the UI if needed. */
export async function launchChromium(rendererDir = BUILT_RENDERER): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('No Chromium found (set CHROMIUM_PATH or apt-get install chromium)');
  await ensureRendererBuilt(ROOT, rendererDir, () => process.stderr.write('Building the UI…\n'));
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}

export interface AppRig {
  readonly core: AppCore;
  /** The web host's URL (with its token). */
  readonly url: string;
  /** The demo agent's saved endpoint. */
  readonly endpointId: string;
  close(): Promise<void>;
}

export interface AppRigOptions {
  readonly rendererDir?: string;
  /**
   * Run the demo agent in a child process (bench/demo-agent-child.ts) rather than in this
   * one, for benches that measure this process's heap: the agent keeps what it streamed.
   */
  readonly agentProcess?: boolean;
}

/** Browser mode against the demo agent (no stream delay), on a fresh data dir that `close` removes. */
export async function startAppRig(name: string, options: AppRigOptions = {}): Promise<AppRig> {
  const rendererDir = options.rendererDir ?? BUILT_RENDERER;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `acp-${name}-bench-`));
  const agent = options.agentProcess
    ? await startAgentProcess('bench/demo-agent-child.ts').then((a) => ({
        url: a.url,
        close: async () => a.stop(),
      }))
    : await startDemoAgent({ streamDelayMs: 0 });
  const core = await createAppCore({
    dataDir,
    cipher: await createFileKeyCipher(dataDir),
    host: 'web',
    version: 'bench',
    demoAgentUrl: agent.url,
    probe: (e) => probeEndpoint(e),
  });
  const host = await startWebHost({ core, rendererDir });
  return {
    core,
    url: host.url,
    endpointId: core.endpoints.list().endpoints[0]!.id,
    close: async () => {
      await host.close();
      await core.dispose();
      await agent.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
