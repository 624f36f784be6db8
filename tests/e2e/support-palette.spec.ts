/**
 * Issue 10, bug-report support end to end in Chromium through browser mode and the real core:
 * the palette's "Open log folder" shows the real log folder (<data dir>/logs), copyable, since a
 * page cannot open folders; "Copy diagnostics" puts the core's report on the clipboard (the
 * demo endpoint by name and URL, the log file); "Check for updates" says it is for the desktop app.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { specChromium } from './chromium';
import { startAcpDeskWeb, type RunningWeb } from './support/acp-desk-web';

const chromium = specChromium();

async function run(page: Page, title: string) {
  await page.keyboard.press('Control+k');
  await page.getByTestId('palette-input').fill(title);
  await page.locator('[data-testid="palette-item"]', { hasText: title }).first().click();
  await expect(page.getByTestId('command-palette')).toHaveCount(0);
}

test.describe('Help commands in browser mode', () => {
  test.skip(!chromium, 'No Chromium found (set CHROMIUM_PATH); set E2E_REQUIRED=1 to make this a failure');

  let web: RunningWeb | undefined;
  let dataDir = '';

  test.beforeAll(async () => {
    test.setTimeout(90_000);
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'acp-desk-support-e2e-'));
    web = await startAcpDeskWeb({ dataDir, timeoutMs: 60_000 });
  });

  test.afterAll(async () => {
    await web?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test('log folder, diagnostics and updates from the palette', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(web!.url);
    await expect(page.locator('[data-testid="endpoint-item"]').first()).toBeVisible();

    await run(page, 'Open log folder');
    const notice = page.getByTestId('support-notice');
    await expect(notice).toContainText('a browser page cannot open folders');
    await expect(page.getByTestId('support-notice-path')).toHaveValue(path.join(dataDir, 'logs'));

    await run(page, 'Copy diagnostics');
    await expect(notice).toContainText('Diagnostics copied');
    const text = await page.evaluate(() => navigator.clipboard.readText());
    expect(text).toContain('(browser mode)');
    expect(text).toMatch(/- Local demo agent: http:\/\/127\.0\.0\.1:\d+\/acp, transport/);
    expect(text).toContain(`Log file: ${path.join(dataDir, 'logs', 'acp-desk.log')}`);

    await run(page, 'Check for updates');
    await expect(notice).toContainText('Updates are for the desktop app');
  });
});
