/**
 * Attention, end to end in real Chromium through browser mode against the built-in demo agent
 * (issue 13): a session waiting for a permission answer off screen shows a badge on its row and
 * its endpoint and a count in the window title, also after a reload (from the host's history
 * list); answering it clears them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { specChromium } from './chromium';
import { startAcpDeskWeb, type RunningWeb } from './support/acp-desk-web';

const chromium = specChromium();
const DEMO = 'Local demo agent';

test.describe.serial('attention: browser mode against the demo agent', () => {
  test.skip(!chromium, 'No Chromium found (set CHROMIUM_PATH); set E2E_REQUIRED=1 to make this a failure');

  let web: RunningWeb;
  let dataDir: string;

  test.beforeAll(async () => {
    test.setTimeout(90_000);
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'acp-desk-attention-e2e-'));
    web = await startAcpDeskWeb({ dataDir, timeoutMs: 60_000 });
  });

  test.afterAll(async () => {
    await web?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test('a permission waiting off screen badges its session and endpoint and counts in the title', async ({ page }) => {
    await page.goto(web.url);
    const newSession = page.locator(`[data-testid="new-session"][data-endpoint-name="${DEMO}"]`);
    await newSession.click();
    await page.getByTestId('composer-input').fill('Explain the greeting module');
    await page.getByTestId('composer-input').press('Enter');
    await expect(page.getByTestId('permission-prompt')).toBeVisible({ timeout: 20_000 });
    const waitingId = await page
      .locator('[data-testid="session-item"][aria-current="page"]')
      .getAttribute('data-session-id');
    const waitingRow = page.locator(`[data-testid="session-item"][data-session-id="${waitingId}"]`);
    const endpoint = page.locator(`[data-testid="endpoint-item"][data-endpoint-name="${DEMO}"]`);
    await expect(page).toHaveTitle('(1) ACP Desk');

    // Another session on screen: the waiting one says so in the sidebar.
    await newSession.click();
    await expect(page.locator('[data-testid="session-item"]')).toHaveCount(2);
    await expect(waitingRow.getByRole('img', { name: /needs your answer/ })).toBeVisible();
    await expect(endpoint.getByRole('img', { name: '1 session needs your answer' })).toBeVisible();
    const audit = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
      .include('.sidebar')
      .analyze();
    expect(audit.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

    // After a reload this window holds only the restored session: the host's list still knows.
    await page.reload();
    await expect(waitingRow.getByRole('img', { name: /needs your answer/ })).toBeVisible({ timeout: 20_000 });
    await expect(page).toHaveTitle('(1) ACP Desk');

    await waitingRow.click();
    const prompt = page.getByTestId('permission-prompt');
    await prompt.locator('[data-testid="permission-option"][data-kind="allow_once"]').click();
    await expect(page).toHaveTitle('ACP Desk');
    await expect(page.getByTestId('attention-badge')).toHaveCount(0);
  });
});
