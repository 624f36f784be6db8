/**
 * Session operations end to end in real Chromium through browser mode against the demo agent
 * (issue 14): after a finished turn, Fork from the chat header's Session menu opens the fork
 * with the original's history, and a new prompt there completes (in the fork only); Rename
 * shows the new title in the sidebar.
 */
import { expect, withDemoAgent } from './support/fixtures';

const AGENT = 'Session ops agent';

const test = withDemoAgent(AGENT);

test.describe('session operations: fork and rename against the demo agent', () => {
  test('forks a finished session into one with its history, which goes on by itself; rename shows', async ({
    page,
    shell,
    chat,
  }) => {
    test.setTimeout(90_000);
    await shell.startSession(AGENT);
    await chat.sendAndFinish('/echo words of the original');
    await expect(chat.agentEntries.last()).toContainText('words of the original');
    const originalId = await shell.activeSessionId();

    await chat.sessionMenu.click();
    await expect(page.getByRole('menu', { name: 'Session actions' })).toBeVisible();
    await page.getByTestId('session-fork').click();

    // The fork is open: another session, with the original's turn already in it.
    await expect(shell.activeSession).not.toHaveAttribute('data-session-id', originalId, { timeout: 20_000 });
    const forkId = await shell.activeSessionId();
    await expect(chat.agentEntries.first()).toContainText('words of the original');
    await expect(chat.turnEnds()).toHaveCount(1);
    await expect(shell.activeSession).toContainText('Fork of', { timeout: 20_000 });

    await chat.sendAndFinish('/echo said in the fork');
    await expect(chat.agentEntries.last()).toContainText('said in the fork');

    // Rename the fork: the sidebar shows the new title.
    await chat.sessionMenu.click();
    await page.getByTestId('session-rename').click();
    const input = page.getByTestId('session-rename-input');
    await expect(input).toHaveValue(/^Fork of /);
    await input.fill('Forked greeting');
    await page.getByTestId('session-rename-save').click();
    await expect(shell.session(forkId)).toContainText('Forked greeting', { timeout: 20_000 });

    // The original never saw the fork's prompt.
    await shell.session(originalId).click();
    await expect(shell.activeSession).toHaveAttribute('data-session-id', originalId);
    await expect(chat.agentEntries.last()).toContainText('words of the original');
    await expect(chat.view).not.toContainText('said in the fork');
  });
});
