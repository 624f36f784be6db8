/**
 * The traffic inspector, end to end in real Chromium through browser mode against the built-in
 * demo agent: a demo turn shows its frames live, a query narrows the table to one method and
 * runs in the core, and axe finds no violation in the open inspector (with its detail pane) in
 * either theme.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { specChromium } from './chromium';
import { REPO_ROOT, startAcpDeskWeb, type RunningWeb } from './support/acp-desk-web';
import { runApprovedDemoTurn } from './support/demo-turn';

const chromium = specChromium();

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const DEMO = 'Local demo agent';
const SHOTS = path.join(REPO_ROOT, 'test-results', 'screenshots');

function rows(page: Page) {
  return page.getByTestId('traffic-inspector').getByTestId('traffic-row');
}

async function openInspectorOnDemo(page: Page): Promise<void> {
  await page.getByTestId('traffic-open').click();
  await expect(page.getByTestId('traffic-inspector')).toBeVisible();
  await page.getByTestId('traffic-target').selectOption({ label: DEMO });
}

test.describe.serial('traffic inspector: browser mode against the demo agent', () => {
  test.skip(!chromium, 'No Chromium found (set CHROMIUM_PATH); set E2E_REQUIRED=1 to make this a failure');

  let web: RunningWeb;
  let dataDir: string;

  test.beforeAll(async () => {
    test.setTimeout(90_000);
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'acp-desk-traffic-e2e-'));
    web = await startAcpDeskWeb({ dataDir, timeoutMs: 60_000 });
  });

  test.afterAll(async () => {
    await web?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test('a demo turn shows its frames live; a query narrows the table; axe finds nothing', async ({ page }) => {
    await page.goto(web.url);
    await page.locator(`[data-testid="new-session"][data-endpoint-name="${DEMO}"]`).click();
    await expect(page.getByTestId('chat-view')).toBeVisible();
    await openInspectorOnDemo(page);
    // The session's setup is already in the log.
    await expect(rows(page).filter({ hasText: 'session/new' }).first()).toBeVisible();

    await runApprovedDemoTurn(page);
    await expect(rows(page).filter({ hasText: 'session/prompt' }).first()).toBeVisible();
    await expect(rows(page).filter({ hasText: 'session/request_permission' }).first()).toBeVisible();
    await expect(
      rows(page)
        .filter({ hasText: /\d+ chunks/ })
        .first(),
    ).toBeAttached();

    const box = page.getByTestId('traffic-query');
    // Typing pauses: the query runs in the core.
    await box.fill('method:session/prompt');
    await expect(page.getByTestId('traffic-count')).toContainText('matching method:session/prompt');
    await expect(rows(page)).toHaveCount(2);
    await expect(rows(page).nth(0)).toContainText('session/prompt');
    await expect(rows(page).nth(1)).toContainText('response #');
    // The prompt's answer has its latency, and the detail jumps from the request to it.
    await rows(page).nth(0).click();
    await expect(page.getByTestId('traffic-pairing')).toContainText('Answered in');
    await page.getByTestId('traffic-jump').click();
    await expect(page.getByTestId('traffic-detail')).toContainText('end_turn');

    // Both themes and the OS high-contrast mode (forced-colors), like every screen (issue 16).
    for (const theme of ['light', 'dark', 'forced-colors'] as const) {
      await page.emulateMedia(
        theme === 'forced-colors'
          ? { colorScheme: 'light', forcedColors: 'active' }
          : { colorScheme: theme, forcedColors: 'none' },
      );
      const results = await new AxeBuilder({ page }).include('[data-testid="side-panel"]').withTags(TAGS).analyze();
      const found = results.violations.flatMap((v) =>
        v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${n.failureSummary ?? v.help}`),
      );
      expect(found, `axe violations in the open inspector (${theme})`).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'light', forcedColors: 'none' });
    await mkdir(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, 'traffic-inspector.png') });

    await box.fill('');
    await box.press('Enter');
    // Back to the live tail (the newest rows in view).
    await expect.poll(() => rows(page).count()).toBeGreaterThan(2);
    await expect(page.getByTestId('traffic-count')).not.toContainText('matching');
  });
});
