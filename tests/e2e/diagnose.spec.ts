/**
 * Diagnose, end to end in real Chromium through browser mode: on the embedded demo agent every
 * doctor step passes or is skipped and the outcome is ok; on an endpoint at a closed port the
 * failing step is highlighted, focused and shows its fix; "Show frames" on the initialize step
 * opens the traffic inspector on the run's own connection with exactly that POST and its answer.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { specChromium } from './chromium';
import { startAcpDeskWeb, type RunningWeb } from './support/acp-desk-web';

const chromium = specChromium();

/** The doctor's own timeouts bound a run to seconds; this only keeps a hang from stalling the tier. */
const RUN_TIMEOUT = 45_000;

/** `showsProgress`: a closed port fails within milliseconds, too fast to see the progress line. */
async function diagnose(page: Page, endpointName: string, showsProgress = true) {
  await page.locator(`[data-testid="endpoint-item"][data-endpoint-name="${endpointName}"]`).click();
  const panel = page.getByTestId('diagnose-panel');
  await panel.getByRole('button', { name: 'Diagnose' }).click();
  if (showsProgress)
    // "Diagnosing…", then each finished step as it is pushed (the first may already be there).
    await expect(panel.getByTestId('diagnose-running')).toContainText('Diagnosing…');
  const report = page.getByRole('region', { name: 'Diagnosis report' });
  await expect(report).toBeVisible({ timeout: RUN_TIMEOUT });
  return report;
}

test.describe.serial('diagnose: browser mode', () => {
  test.skip(!chromium, 'No Chromium found (set CHROMIUM_PATH); set E2E_REQUIRED=1 to make this a failure');

  let web: RunningWeb;
  let dataDir: string;

  test.beforeAll(async () => {
    test.setTimeout(90_000);
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'acp-desk-diagnose-e2e-'));
    web = await startAcpDeskWeb({ dataDir, timeoutMs: 60_000 });
  });

  test.afterAll(async () => {
    await web?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test('the demo agent: every doctor step passes or is skipped, and the outcome is ok', async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto(web.url);
    const report = await diagnose(page, 'Local demo agent');
    await expect(report.getByTestId('diagnose-outcome')).toHaveAttribute('data-status', 'ok');
    const steps = report.getByTestId('diagnose-step');
    expect(await steps.count()).toBeGreaterThan(5);
    const verdicts = await steps.getByTestId('diagnose-verdict').allTextContents();
    expect(verdicts.filter((v) => v !== 'PASS' && v !== 'SKIP')).toEqual([]);
    expect(verdicts).toContain('PASS');
    await expect(report.locator('[data-verdict="fail"]')).toHaveCount(0);
    await expect(report.getByRole('list', { name: 'MANDATORY checks' })).toBeVisible();
    await expect(report.getByRole('button', { name: 'Copy as Markdown' })).toBeVisible();
    await expect(report.getByRole('button', { name: 'Save as JSON' })).toBeVisible();
    // The doctor report, like every screen, has no axe violation in either theme, nor in
    // forced-colors (high-contrast) mode (issue 16).
    for (const theme of ['light', 'dark', 'forced-colors'] as const) {
      await page.emulateMedia(
        theme === 'forced-colors' ? { colorScheme: 'light', forcedColors: 'active' } : { colorScheme: theme },
      );
      const results = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
        .analyze();
      const found = results.violations.flatMap((v) =>
        v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${n.failureSummary ?? v.help}`),
      );
      expect(found, `axe violations on the doctor report (${theme})`).toEqual([]);
    }
  });

  test('Show frames on the initialize step: the inspector shows that POST and its response', async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto(web.url);
    const report = await diagnose(page, 'Local demo agent');
    const step = report.locator('[data-testid="diagnose-step"][data-step-id="initialize"]');
    await step.getByRole('button', { name: 'Show the frames of the step POST initialize' }).click();
    await expect(page.getByTestId('traffic-link')).toContainText('Showing the frames of the step POST initialize.');
    await expect(page.getByTestId('traffic-target').locator('option:checked')).toHaveText(
      /^Diagnose · Local demo agent · \d\d:\d\d:\d\d$/,
    );
    await expect(page.getByTestId('traffic-query')).toHaveValue(/^seq:\[\d+ TO \d+\]$/);
    const rows = page.getByTestId('traffic-inspector').getByTestId('traffic-row');
    // The initialize request sent, the POST's HTTP exchange (200) and the JSON-RPC response.
    await expect(rows).toHaveCount(3);
    await expect(page.locator('[data-testid="traffic-row"][data-linked="true"]')).toHaveCount(3);
    await expect(rows.filter({ hasText: 'initialize' }).filter({ hasText: '→ out' })).toHaveCount(1);
    await expect(
      rows.filter({ hasText: /POST http:\/\/127\.0\.0\.1:\d+\/acp/ }).filter({ hasText: '200' }),
    ).toHaveCount(1);
    await expect(rows.filter({ hasText: 'response #1' })).toHaveCount(1);
  });

  test('a closed port: the failing step is highlighted with its fix', async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto(web.url);
    await page.getByTestId('add-endpoint').click();
    await page.getByTestId('endpoint-name-input').fill('Closed port');
    await page.getByTestId('endpoint-url-input').fill('http://127.0.0.1:9/acp');
    await page.getByTestId('endpoint-save').click();
    const report = await diagnose(page, 'Closed port', false);
    await expect(report.getByTestId('diagnose-outcome')).toHaveAttribute('data-status', 'unreachable');
    const failing = report.locator('[data-testid="diagnose-step"][data-verdict="fail"]').first();
    await expect(failing).toBeVisible();
    await expect(failing.getByTestId('diagnose-verdict')).toHaveText('FAIL');
    await expect(failing.getByTestId('diagnose-fix')).not.toBeEmpty();
    await expect(failing).toBeFocused();
  });
});
