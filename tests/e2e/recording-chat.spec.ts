/**
 * A recording's read-only chat, end to end in real Chromium through browser mode against the
 * demo agent: a demo turn's traffic is exported as JSONL and opened again; the main area shows
 * the same conversation rebuilt from the wire (read-only, no composer), and the time scrubber
 * moves the chat and the inspector to earlier moments and back.
 */
import type { Locator } from '@playwright/test';
import { expectNoAxeViolations, useTheme } from './support/axe';
import { expect, test } from './support/fixtures';
import { DEMO } from './support/pages/app-shell';
import { DEMO_PROMPT } from './support/pages/chat-page';
import { screenshot } from './support/screenshots';
import { waitFor } from './support/wait';

/** Presses `key` on the scrubber, one event a press, until `done` holds (at most 200 presses). */
function stepUntil(range: Locator, key: string, what: string, done: () => Promise<boolean>): Promise<void> {
  return waitFor(done, { what: `the scrubber reaches ${what}`, step: () => range.press(key), tries: 201 });
}

test.describe('a recording as a read-only chat: browser mode against the demo agent', () => {
  test('export JSONL, open it: the same messages, read-only, and the scrubber moves them', async ({
    page,
    shell,
    chat: live,
    traffic,
  }, testInfo) => {
    test.setTimeout(120_000);
    await shell.startSession(DEMO);
    await live.runApprovedDemoTurn();
    const liveAnswer = (await live.view.getByTestId('entry-agent').last().textContent()) ?? '';
    expect(liveAnswer).toContain('nothing on your disk was touched');

    await traffic.open(DEMO);
    await expect(traffic.count).toHaveText(/^[1-9]\d* rows$/);
    const liveCount = await traffic.count.textContent();
    const file = testInfo.outputPath('demo-turn.jsonl');
    await traffic.exportJsonl(file);
    await traffic.openRecordingFile.setInputFiles(file);

    // The main area: the recording's chat, read-only.
    const chat = page.getByTestId('recording-chat');
    await expect(page.getByTestId('recording-banner')).toContainText('Recording · demo-turn.jsonl · read-only');
    await expect(live.view).toHaveCount(0);
    await expect(live.composer).toHaveCount(0);
    await expect(chat.getByTestId('entry-user')).toHaveText(DEMO_PROMPT);
    await expect(chat.getByTestId('entry-agent').last()).toHaveText(liveAnswer);
    await expect(chat.locator('[data-testid="turn-end"][data-stop-reason="end_turn"]')).toHaveCount(1);
    await expect(chat.getByTestId('permission-decision')).toBeAttached();
    await expect(chat.getByTestId('permission-prompt')).toHaveCount(0);
    // The inspector shows the whole recording, as exported.
    await expect(traffic.count).toHaveText(liveCount ?? '');
    const total = await traffic.rows.count();

    // Back to the start: nothing has been said, and the inspector holds only what came before.
    const range = page.getByTestId('recording-scrubber-range');
    await range.focus();
    await range.press('Home');
    await expect(page.getByTestId('recording-time')).toContainText(/^0\.000 s of \d+\.\d{3} s · /);
    await expect(page.getByTestId('recording-nothing-yet')).toBeVisible();
    await expect(chat.getByTestId('entry-user')).toHaveCount(0);
    await expect(traffic.count).toContainText('in the selected range');

    // Event by event to the prompt: the person's message shows, the turn is running.
    await stepUntil(
      range,
      'ArrowRight',
      'the prompt',
      async () => (await chat.getByTestId('entry-user').count()) === 1,
    );
    // (Just sent, as it was live then: nothing has answered it yet.)
    await expect(chat.getByTestId('entry-user')).toContainText(DEMO_PROMPT);
    await expect(chat.getByTestId('turn-end')).toHaveCount(0);
    // On to the permission request: the card waits for it, with nothing to answer.
    await stepUntil(
      range,
      'ArrowRight',
      'the permission request',
      async () => (await chat.getByTestId('tool-status').filter({ hasText: 'Needs permission' }).count()) > 0,
    );
    await expect(chat.getByTestId('permission-prompt')).toHaveCount(0);
    await expect(chat.getByTestId('turn-end')).toHaveCount(0);
    await expect.poll(() => traffic.rows.count()).toBeLessThan(total);
    await expect(traffic.rows.filter({ hasText: 'session/request_permission' })).toHaveCount(1);

    // The end: all of it again, in the chat and in the inspector.
    await range.press('End');
    await expect(chat.getByTestId('entry-agent').last()).toHaveText(liveAnswer);
    await expect(chat.locator('[data-testid="turn-end"][data-stop-reason="end_turn"]')).toHaveCount(1);
    await expect(traffic.count).toHaveText(liveCount ?? '');

    // The banner and the scrubber are accessible in both themes (axe; the list is the chat's own), and a screenshot.
    await expectNoAxeViolations(page, "the recording's chat", {
      include: ['[data-testid="recording-banner"]', '.recording-scrub-bar'],
      themes: ['light', 'dark'],
    });
    await useTheme(page, 'light');
    await screenshot(page, 'recording-chat');

    // Closing gives the live chat back.
    await page.getByTestId('recording-close').click();
    await expect(chat).toHaveCount(0);
    await shell.newSessionButton(DEMO).click();
    await expect(live.composer).toBeVisible();
  });
});
