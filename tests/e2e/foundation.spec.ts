/**
 * The foundation, end to end in real Chromium: `acp-desk web` as a child process, the built
 * renderer over HTTP, the WebSocket bridge into the real core, and `Test connection` against
 * the real demo agent. One passing run proves every layer between a click and an ACP
 * `initialize` round trip.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { specChromium } from './chromium';
import { REPO_ROOT, startAcpDeskWeb, type RunningWeb } from './support/acp-desk-web';

const chromium = specChromium();

const SCREENSHOT = path.join(REPO_ROOT, 'test-results', 'screenshots', 'foundation.png');

test.describe('foundation: browser mode', () => {
  test.skip(!chromium, 'No Chromium found (set CHROMIUM_PATH); set E2E_REQUIRED=1 to make this a failure');

  let web: RunningWeb;
  let dataDir: string;

  test.beforeAll(async () => {
    test.setTimeout(90_000);
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'acp-desk-e2e-'));
    web = await startAcpDeskWeb({ dataDir, timeoutMs: 60_000 });
  });

  test.afterAll(async () => {
    await web?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test('Test connection reaches the demo agent through the bridge and the real core', async ({ page }) => {
    const cspErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });

    await page.goto(web.url);
    const list = page.getByTestId('endpoint-list');
    const demo = list.locator('[data-testid="endpoint-item"][data-endpoint-name="Local demo agent"]');
    await expect(demo).toBeVisible();

    await demo.click();
    await expect(page.getByTestId('endpoint-details')).toBeVisible();
    await page.getByTestId('test-connection').click();

    const result = page.getByTestId('probe-result');
    const error = page.getByTestId('probe-error');
    await expect(result.or(error).first()).toBeVisible({ timeout: 20_000 });
    if (await error.isVisible()) throw new Error(`Test connection failed: ${await error.textContent()}`);
    await expect(result).toContainText(/acp-desk-demo|ACP Desk demo agent/);

    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(cspErrors, 'the CSP must admit the same-origin bridge WebSocket').toEqual([]);
  });

  test('the page without the token is refused with 401', async ({ page }) => {
    const response = await page.goto(`${web.origin}/`);
    expect(response?.status()).toBe(401);
    await expect(page.locator('body')).toContainText(/token/i);

    const wrong = await page.goto(`${web.origin}/?token=not-the-token`);
    expect(wrong?.status()).toBe(401);
  });
});
