/**
 * Attention, end to end in real Chromium through browser mode against the built-in demo agent
 * (issue 13): a session waiting for a permission answer off screen shows a badge on its row and
 * its endpoint and a count in the window title, also after a reload (from the host's history
 * list); answering it clears them.
 */
import { expectNoAxeViolations } from './support/axe';
import { expect, test } from './support/fixtures';
import { DEMO } from './support/pages/app-shell';
import { DEMO_PROMPT } from './support/pages/chat-page';

test.describe('attention: browser mode against the demo agent', () => {
  test('a permission waiting off screen badges its session and endpoint and counts in the title', async ({
    page,
    shell,
    chat,
  }) => {
    await shell.startSession(DEMO);
    await chat.sendUntilPermission(DEMO_PROMPT);
    const waitingRow = shell.session(await shell.activeSessionId());
    const endpoint = shell.endpoint(DEMO);
    await expect(page).toHaveTitle('(1) ACP Desk');

    // Another session on screen: the waiting one says so in the sidebar.
    await shell.startSession(DEMO);
    await expect(shell.sessionItems).toHaveCount(2);
    await expect(waitingRow.getByRole('img', { name: /needs your answer/ })).toBeVisible();
    await expect(endpoint.getByRole('img', { name: '1 session needs your answer' })).toBeVisible();
    await expectNoAxeViolations(page, 'the sidebar', { include: ['.sidebar'] });

    // After a reload this window holds only the restored session: the host's list still knows.
    await page.reload();
    await expect(waitingRow.getByRole('img', { name: /needs your answer/ })).toBeVisible({ timeout: 20_000 });
    await expect(page).toHaveTitle('(1) ACP Desk');

    await waitingRow.click();
    await chat.permissionOption('allow_once').click();
    await expect(page).toHaveTitle('ACP Desk');
    await expect(shell.attentionBadges).toHaveCount(0);
  });
});
