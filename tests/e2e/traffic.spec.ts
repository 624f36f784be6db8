/**
 * The traffic inspector, end to end in real Chromium through browser mode against the built-in
 * demo agent: a demo turn shows its frames live, a query narrows the table to one method and
 * runs in the core, and axe finds no violation in the open inspector (with its detail pane) in
 * either theme.
 */
import { expectNoAxeViolations, useTheme } from './support/axe';
import { expect, test } from './support/fixtures';
import { DEMO } from './support/pages/app-shell';
import { screenshot } from './support/screenshots';

test.describe('traffic inspector: browser mode against the demo agent', () => {
  test('a demo turn shows its frames live; a query narrows the table; axe finds nothing', async ({
    page,
    shell,
    chat,
    traffic,
  }) => {
    await shell.startSession(DEMO);
    await traffic.open(DEMO);
    const rows = traffic.rows;
    // The session's setup is already in the log.
    await expect(rows.filter({ hasText: 'session/new' }).first()).toBeVisible();

    await chat.runApprovedDemoTurn();
    await expect(rows.filter({ hasText: 'session/prompt' }).first()).toBeVisible();
    await expect(rows.filter({ hasText: 'session/request_permission' }).first()).toBeVisible();
    await expect(rows.filter({ hasText: /\d+ chunks/ }).first()).toBeAttached();

    // Typing pauses: the query runs in the core.
    await traffic.query.fill('method:session/prompt');
    await expect(traffic.count).toContainText('matching method:session/prompt');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toContainText('session/prompt');
    await expect(rows.nth(1)).toContainText('response #');
    // The prompt's answer has its latency, and the detail jumps from the request to it.
    await rows.nth(0).click();
    await expect(traffic.pairing).toContainText('Answered in');
    await traffic.jump.click();
    await expect(traffic.detail).toContainText('end_turn');

    // Both themes and the OS high-contrast mode (forced-colors), like every screen (issue 16).
    await expectNoAxeViolations(page, 'the open inspector', {
      include: ['[data-testid="side-panel"]'],
      themes: ['light', 'dark', 'forced-colors'],
    });
    await useTheme(page, 'light');
    await screenshot(page, 'traffic-inspector');

    await traffic.query.fill('');
    await traffic.query.press('Enter');
    // Back to the live tail (the newest rows in view).
    await expect.poll(() => rows.count()).toBeGreaterThan(2);
    await expect(traffic.count).not.toContainText('matching');
  });
});
