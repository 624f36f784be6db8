/**
 * Cross-links and recordings, end to end in real Chromium through browser mode against the
 * demo agent: "Frames" on the tool call card highlights its rows, "Show in chat" on one of them
 * scrolls back to the card, and an exported JSONL re-opened as a recording shows the same rows.
 */
import { expect, test } from './support/fixtures';
import { DEMO } from './support/pages/app-shell';

test.describe('traffic cross-links and recordings: browser mode against the demo agent', () => {
  test('tool call card ↔ its frames; export JSONL, re-open it as a recording', async ({
    page,
    shell,
    chat,
    traffic,
  }, testInfo) => {
    test.setTimeout(120_000);
    await shell.startSession(DEMO);
    await chat.runApprovedDemoTurn();

    // Chat → frames: the card's quiet action opens the inspector on exactly its frames.
    // The edit step's card: it asked a permission (its decision shows in the card).
    const card = chat.toolCalls.filter({ has: page.getByTestId('permission-decision') });
    await card.hover();
    await card.getByRole('button', { name: 'Show the frames of this tool call' }).click();
    await expect(traffic.link).toContainText('Showing the frames of this tool call.');
    await expect(traffic.query).toHaveValue(/toolcall:/);
    const rows = traffic.rows;
    await expect(rows.first()).toBeVisible();
    const shown = await rows.count();
    await expect(traffic.linkedRows).toHaveCount(shown);
    await expect(rows.filter({ hasText: 'session/request_permission' })).toHaveCount(1);

    // Frames → chat: a frame's "Show in chat" scrolls back to the card and marks it.
    await chat.messageList.evaluate((el) => el.scrollTo(0, 0));
    await rows.last().click();
    await traffic.showInChat.click();
    const focused = page.locator('[data-focused="true"] [data-testid="tool-call"]');
    await expect(focused).toBeInViewport();

    // Export the whole connection as JSONL, then open that file as a recording.
    await traffic.link.getByRole('button', { name: 'Show all traffic' }).click();
    await expect(traffic.link).toHaveCount(0);
    await traffic.target.selectOption({ label: DEMO });
    await expect(traffic.count).toHaveText(/^[1-9]\d* rows$/);
    const file = testInfo.outputPath('exported.jsonl');
    await traffic.exportJsonl(file);
    const live = await traffic.count.textContent();

    await traffic.openRecordingFile.setInputFiles(file);
    await expect(traffic.recordingNote).toContainText('Opened exported.jsonl:');
    await expect(traffic.selectedTarget).toHaveText('Recording: exported.jsonl');
    await expect(traffic.count).toHaveText(live ?? '');
    await traffic.query.fill('method:session/request_permission');
    await expect(rows).toHaveCount(2);
  });
});
