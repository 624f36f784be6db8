/**
 * The chat, end to end in real Chromium through browser mode against real demo agents: add an
 * endpoint, test it, start a session, stream Markdown, approve a permission and see the diff,
 * reject one, cancel with Esc, switch mode, run a slash command, reload and find the session
 * in history, export it. Screenshots of the main screens go to test-results/screenshots.
 *
 * Each test opens its own session on the file's demo agent (given to `acp-desk web` as an
 * endpoint); the first adds that agent again by hand, as a new endpoint.
 */
import { expect, withDemoAgent } from './support/fixtures';
import { DEMO_PROMPT, type ChatPage } from './support/pages/chat-page';
import { screenshot } from './support/screenshots';

const AGENT = 'Chat agent';

const test = withDemoAgent(AGENT);

/** The demo's greeting turn, approved, then a slash command: a session worth finding in the history. */
async function greetingThenSlashCommand(chat: ChatPage): Promise<void> {
  await chat.runApprovedDemoTurn();
  await chat.sendAndFinish('/echo slash commands work');
  await expect(chat.agentEntries.last()).toContainText('slash commands work');
}

test.describe('chat: browser mode against demo agents', () => {
  test('adds an endpoint, validates its URL, and tests it', async ({ page, agent, editor, endpoint }) => {
    await editor.openNew();
    await editor.nameInput.fill('Second agent');
    await editor.urlInput.fill('ftp://nope');
    await expect(editor.urlError).toContainText(/scheme/i);
    await editor.urlInput.fill(agent.url);
    await expect(editor.urlError).toHaveCount(0);
    await screenshot(page, 'endpoint-editor');
    await editor.saveButton.click();
    await endpoint.open('Second agent');
    await endpoint.testConnectionButton.click();
    await expect(endpoint.probeResult).toContainText(/acp-desk-demo|ACP Desk demo agent/, { timeout: 20_000 });
  });

  test('starts a session and streams Markdown; approving a permission shows the diff', async ({
    page,
    shell,
    chat,
  }) => {
    await shell.startSession(AGENT);
    await chat.sendUntilPermission(DEMO_PROMPT);
    await screenshot(page, 'permission');
    await chat.permissionOption('allow_once').click();
    await expect(page.getByTestId('diff-view').first()).toBeVisible();
    await expect(chat.turnEnds()).toHaveCount(1, { timeout: 20_000 });
    await expect(chat.agentEntries.last().locator('table')).toBeVisible();
    await expect(chat.agentEntries.last().locator('pre code')).toBeVisible();
    await expect(page.getByTestId('terminal-output').first()).toBeVisible();
    await screenshot(page, 'chat');
  });

  test('rejecting a permission fails the edit; Esc cancels a running turn', async ({ page, shell, chat }) => {
    await shell.startSession(AGENT);
    await chat.sendUntilPermission('Try another edit');
    await chat.permissionOption('reject_once').click();
    await expect(page.locator('[data-testid="tool-call"][data-kind="edit"][data-status="failed"]')).toBeVisible();
    await expect(chat.turnEnds()).toHaveCount(1, { timeout: 20_000 });

    // `/wait` runs until it is cancelled, so the turn cannot end before Esc arrives (with `/long`
    // at the test agent's pace it sometimes did). Esc right after Enter, before the turn is even
    // acknowledged, must still cancel it.
    await chat.send('/wait');
    await chat.composer.press('Escape');
    await expect(chat.turnEnds('cancelled')).toBeVisible({ timeout: 20_000 });
  });

  test('switches mode and runs a slash command from the completion list', async ({ shell, chat }) => {
    await shell.startSession(AGENT);
    await chat.modePicker.selectOption('auto');
    await expect(chat.modePicker).toHaveValue('auto');
    await chat.composer.fill('/');
    await expect(chat.commandCompletion).toContainText('echo');
    await chat.send('/echo slash commands work');
    await expect(chat.agentEntries.last()).toContainText('slash commands work', { timeout: 20_000 });
  });

  test('after a reload the session is in the history, reopens, and exports as Markdown', async ({
    page,
    shell,
    chat,
    history,
  }) => {
    await shell.startSession(AGENT);
    await greetingThenSlashCommand(chat);
    const sessionId = await shell.activeSessionId();

    await page.reload();
    await history.open();
    await history.searchFor('greeting');
    await screenshot(page, 'history');
    await history.session(sessionId).click();
    await expect(chat.view).toBeVisible();
    // The list opens at the latest entries (it is virtualized): the last prompt is on screen.
    await expect(chat.userEntries.last()).toContainText('slash commands work');
    const download = page.waitForEvent('download');
    await chat.exportMenu.click();
    await page.getByTestId('export-markdown').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.md$/);
    const text = await (await file.createReadStream()).toArray();
    expect(Buffer.concat(text as Buffer[]).toString('utf8')).toContain(DEMO_PROMPT);
  });

  test('a history search hit opens its session scrolled to the hit, marked', async ({ shell, chat, history }) => {
    await shell.startSession(AGENT);
    await greetingThenSlashCommand(chat);
    const sessionId = await shell.activeSessionId();
    // The chat follows the latest entries: the greeting prompt is there but scrolled out of
    // view, so the hit below has to scroll to it.
    const greeting = chat.userEntries.filter({ hasText: 'greeting' });
    await expect(greeting).toBeAttached();
    await expect(greeting).not.toBeInViewport();

    await history.open();
    await history.search.fill('greeting');
    const hit = history.hitsIn(sessionId).first();
    await expect(hit).toBeVisible({ timeout: 10_000 });
    await hit.click();
    await expect(chat.view).toBeVisible();
    const marked = chat.messageList.locator('[data-focused]');
    await expect(marked).toHaveCount(1);
    await expect(marked).toBeInViewport();
    await expect(marked).toContainText(/greeting/i);
  });

  test('the command palette opens with Ctrl+K and runs an action', async ({ page, palette, history }) => {
    await palette.open();
    await screenshot(page, 'palette');
    await palette.input.fill('history');
    await page.keyboard.press('Enter');
    await expect(history.view).toBeVisible();
  });
});
