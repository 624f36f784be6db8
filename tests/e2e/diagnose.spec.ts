/**
 * Diagnose, end to end in real Chromium through browser mode: on the embedded demo agent every
 * doctor step passes or is skipped and the outcome is ok; on an endpoint at a closed port the
 * failing step is highlighted, focused and shows its fix; "Show frames" on the initialize step
 * opens the traffic inspector on the run's own connection with exactly that POST and its answer.
 */
import { expectNoAxeViolations } from './support/axe';
import { expect, test } from './support/fixtures';
import { DEMO } from './support/pages/app-shell';

test.describe('diagnose: browser mode', () => {
  test.describe.configure({ timeout: 90_000 });

  test('the demo agent: every doctor step passes or is skipped, and the outcome is ok', async ({ page, endpoint }) => {
    await endpoint.open(DEMO);
    const report = await endpoint.diagnose();
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
    await expectNoAxeViolations(page, 'the doctor report', { themes: ['light', 'dark', 'forced-colors'] });
  });

  test('Show frames on the initialize step: the inspector shows that POST and its response', async ({
    endpoint,
    traffic,
  }) => {
    await endpoint.open(DEMO);
    const report = await endpoint.diagnose();
    const step = report.locator('[data-testid="diagnose-step"][data-step-id="initialize"]');
    await step.getByRole('button', { name: 'Show the frames of the step POST initialize' }).click();
    await expect(traffic.link).toContainText('Showing the frames of the step POST initialize.');
    await expect(traffic.selectedTarget).toHaveText(/^Diagnose · Local demo agent · \d\d:\d\d:\d\d$/);
    await expect(traffic.query).toHaveValue(/^seq:\[\d+ TO \d+\]$/);
    const rows = traffic.rows;
    // The initialize request sent, the POST's HTTP exchange (200) and the JSON-RPC response.
    await expect(rows).toHaveCount(3);
    await expect(traffic.linkedRows).toHaveCount(3);
    await expect(rows.filter({ hasText: 'initialize' }).filter({ hasText: '→ out' })).toHaveCount(1);
    await expect(
      rows.filter({ hasText: /POST http:\/\/127\.0\.0\.1:\d+\/acp/ }).filter({ hasText: '200' }),
    ).toHaveCount(1);
    await expect(rows.filter({ hasText: 'response #1' })).toHaveCount(1);
  });

  test('a closed port: the failing step is highlighted with its fix', async ({ editor, endpoint }) => {
    await editor.add('Closed port', 'http://127.0.0.1:9/acp');
    await endpoint.open('Closed port');
    const report = await endpoint.diagnose(false);
    await expect(report.getByTestId('diagnose-outcome')).toHaveAttribute('data-status', 'unreachable');
    const failing = report.locator('[data-testid="diagnose-step"][data-verdict="fail"]').first();
    await expect(failing).toBeVisible();
    await expect(failing.getByTestId('diagnose-verdict')).toHaveText('FAIL');
    await expect(failing.getByTestId('diagnose-fix')).not.toBeEmpty();
    await expect(failing).toBeFocused();
  });
});
