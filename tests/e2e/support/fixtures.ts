/**
 * The fixtures every browser-mode spec runs on. Import `test` and `expect` from here instead of
 * `@playwright/test`:
 *
 * - `web`: `acp-desk web` on a fresh data dir, one process per spec file (it takes seconds to
 *   start). `webArgs` (override it with `test.extend`) adds command-line arguments, such as
 *   `--endpoint NAME=URL` for an agent the spec starts itself.
 * - `page`: a new page already open at the app's URL, the app rendered (`openApp: false` in
 *   `test.use` leaves it blank, for a test that must watch the load itself).
 * - `shell`, `chat`, `traffic`, `editor`, `endpoint`, `history`, `palette`: the page objects of
 *   the main screens (./pages), on that page.
 * - `fileScoped` (more servers a file's `web` talks to) and `withDemoAgent` (the common case: a
 *   demo agent of the file's own as an endpoint).
 *
 * What a test needs beyond that it sets up itself (its own session, its own endpoint): no test
 * depends on what another one left, so any of them passes run alone (`-g`).
 *
 * Chromium: without it every test here is skipped; with E2E_REQUIRED=1 loading a spec fails.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test as base, type TestFixture, type TestInfo } from '@playwright/test';
import { startDemoAgent, type DemoAgentServer } from '../../../src/demo-agent/server';
import { specChromium } from '../chromium';
import { startAcpDeskWeb, type RunningWeb } from './acp-desk-web';
import { AppShell } from './pages/app-shell';
import { ChatPage } from './pages/chat-page';
import { EndpointEditor } from './pages/endpoint-editor';
import { EndpointPage } from './pages/endpoint-page';
import { HistoryPage } from './pages/history-page';
import { Palette } from './pages/palette';
import { TrafficPage } from './pages/traffic-page';

export { expect };

const chromium = specChromium();

/** Starting a server (`acp-desk web` runs tsx over the sources) may take this long on a loaded machine. */
export const START_TIMEOUT = 90_000;

// ---------------------------------------------------------------------------------------------
// File scope. Playwright has test- and worker-scoped fixtures, and one worker runs many spec
// files in turn; a server that is too expensive to start per test but must not carry one
// file's state into the next is held here: started by the first test of a file that asks for
// it, stopped (last started, first stopped) when a test of another file asks for any, and at
// the worker's end.

interface Held {
  readonly key: string | symbol;
  readonly value: unknown;
  readonly stop: () => Promise<void>;
}

const held: Held[] = [];
let heldFor: string | undefined;

async function releaseHeld(): Promise<void> {
  const errors: unknown[] = [];
  for (let h = held.pop(); h; h = held.pop()) await h.stop().catch((e: unknown) => errors.push(e));
  heldFor = undefined;
  if (errors.length) throw new AggregateError(errors, 'stopping the previous spec file’s servers failed');
}

/** The value held under `key` for this test's spec file, started with `start` the first time. */
export async function holdForFile<T>(
  testInfo: TestInfo,
  key: string | symbol,
  start: () => Promise<T>,
  stop: (value: T) => Promise<void>,
): Promise<T> {
  if (heldFor !== testInfo.file) {
    await releaseHeld();
    heldFor = testInfo.file;
  }
  const found = held.find((h) => h.key === key);
  if (found) return found.value as T;
  const value = await start();
  held.push({ key, value, stop: () => stop(value) });
  return value;
}

/**
 * A fixture with one value per spec file, for `test.extend`: an agent, a proxy or an OAuth
 * provider that the file's `acp-desk web` is pointed at (`webArgs`).
 */
export function fileScoped<T>(
  start: () => Promise<T>,
  stop: (value: T) => Promise<void>,
  timeout = START_TIMEOUT,
): [TestFixture<T, object>, { timeout: number }] {
  const key = Symbol('file-scoped fixture');
  return [
    // Playwright reads a fixture's dependencies from its first parameter: none here.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use, testInfo) => use(await holdForFile(testInfo, key, start, stop)),
    { timeout },
  ];
}

// ---------------------------------------------------------------------------------------------

export interface Web extends RunningWeb {
  /** The `--data-dir` it runs on (fresh, removed when it stops). */
  readonly dataDir: string;
}

async function startWeb(extraArgs: readonly string[]): Promise<Web> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'acp-desk-e2e-'));
  try {
    return { ...(await startAcpDeskWeb({ dataDir, extraArgs, timeoutMs: 60_000 })), dataDir };
  } catch (e) {
    await rm(dataDir, { recursive: true, force: true });
    throw e;
  }
}

async function stopWeb(web: Web): Promise<void> {
  await web.stop();
  await rm(web.dataDir, { recursive: true, force: true });
}

export interface Fixtures {
  /** Extra arguments for `acp-desk web` (the data dir and port are the fixture's). */
  webArgs: readonly string[];
  web: Web;
  /** Whether `page` starts at the app (true) or blank (false). */
  openApp: boolean;
  shell: AppShell;
  chat: ChatPage;
  traffic: TrafficPage;
  editor: EndpointEditor;
  endpoint: EndpointPage;
  history: HistoryPage;
  palette: Palette;
  _skipWithoutChromium: void;
}

interface WorkerFixtures {
  _releaseFileScope: void;
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  _skipWithoutChromium: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use, testInfo) => {
      testInfo.skip(!chromium, 'No Chromium found (set CHROMIUM_PATH); set E2E_REQUIRED=1 to make this a failure');
      await use();
    },
    { auto: true },
  ],
  _releaseFileScope: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      await use();
      await releaseHeld();
    },
    { scope: 'worker', auto: true, timeout: 30_000 },
  ],
  webArgs: [[], { option: true }],
  web: [
    async ({ webArgs }, use, testInfo) =>
      use(await holdForFile(testInfo, `web ${JSON.stringify(webArgs)}`, () => startWeb(webArgs), stopWeb)),
    { timeout: START_TIMEOUT },
  ],
  openApp: [true, { option: true }],
  page: async ({ page, web, openApp }, use) => {
    if (openApp) {
      await page.goto(web.url);
      // The app has rendered (and attached its keyboard shortcuts).
      await expect(new AppShell(page).endpointList).toBeVisible();
    }
    await use(page);
  },
  shell: async ({ page }, use) => use(new AppShell(page)),
  chat: async ({ page }, use) => use(new ChatPage(page)),
  traffic: async ({ page }, use) => use(new TrafficPage(page)),
  editor: async ({ page }, use) => use(new EndpointEditor(page)),
  endpoint: async ({ page }, use) => use(new EndpointPage(page)),
  history: async ({ page }, use) => use(new HistoryPage(page)),
  palette: async ({ page }, use) => use(new Palette(page)),
});

/**
 * `test` with a demo agent of the spec file's own (2 ms between streamed chunks, so turns are
 * quick) given to `acp-desk web` as the endpoint `name`, and to the tests as `agent`.
 */
export function withDemoAgent(name: string) {
  return test.extend<{ agent: DemoAgentServer }>({
    agent: fileScoped(
      () => startDemoAgent({ streamDelayMs: 2 }),
      (agent) => agent.close(),
    ),
    webArgs: async ({ agent }, use) => use(['--endpoint', `${name}=${agent.url}`]),
  });
}
