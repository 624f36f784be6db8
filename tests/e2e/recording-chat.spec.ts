/**
 * A recording's read-only chat, end to end in real Chromium through browser mode against the
 * demo agent: a demo turn's traffic is exported as JSONL and opened again; the main area shows
 * the same conversation rebuilt from the wire (read-only, no composer), and the time scrubber
 * moves the chat and the inspector to earlier moments and back.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { specChromium } from './chromium';
import { REPO_ROOT, startAcpDeskWeb, type RunningWeb } from './support/acp-desk-web';
import { DEMO_PROMPT, runApprovedDemoTurn } from './support/demo-turn';

const chromium = specChromium();
const DEMO = 'Local demo agent';
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const SHOTS = path.join(REPO_ROOT, 'test-results', 'screenshots');

const inspectorRows = (page: Page) => page.getByTestId('traffic-inspector').getByTestId('traffic-row');

/** Presses `key` on the scrubber until `done` holds (each press is one event; at most `max`). */
async function stepUntil(range: Locator, key: string, done: () => Promise<boolean>, max = 200): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await done()) return;
    await range.press(key);
  }
  throw new Error(`the scrubber did not get there in ${max} presses of ${key}`);
}

test.describe('a recording as a read-only chat: browser mode against the demo agent', () => {
  test.skip(!chromium, 'No Chromium found (set CHROMIUM_PATH); set E2E_REQUIRED=1 to make this a failure');

  let web: RunningWeb;
  let dataDir: string;

  test.beforeAll(async () => {
    test.setTimeout(90_000);
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'acp-desk-recording-chat-e2e-'));
    web = await startAcpDeskWeb({ dataDir, timeoutMs: 60_000 });
  });

  test.afterAll(async () => {
    await web?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test('export JSONL, open it: the same messages, read-only, and the scrubber moves them', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto(web.url);
    await page.locator(`[data-testid="new-session"][data-endpoint-name="${DEMO}"]`).click();
    await expect(page.getByTestId('chat-view')).toBeVisible();
    await runApprovedDemoTurn(page);
    const live = page.getByTestId('chat-view');
    const liveAnswer = (await live.getByTestId('entry-agent').last().textContent()) ?? '';
    expect(liveAnswer).toContain('nothing on your disk was touched');

    await page.getByTestId('traffic-open').click();
    await page.getByTestId('traffic-target').selectOption({ label: DEMO });
    await expect(page.getByTestId('traffic-count')).toHaveText(/^\d+ rows$/);
    const liveCount = await page.getByTestId('traffic-count').textContent();
    const download = page.waitForEvent('download');
    await page.getByTestId('traffic-export-jsonl').click();
    const file = path.join(dataDir, 'demo-turn.jsonl');
    await (await download).saveAs(file);
    await page.getByTestId('traffic-open-recording-file').setInputFiles(file);

    // The main area: the recording's chat, read-only.
    const chat = page.getByTestId('recording-chat');
    await expect(page.getByTestId('recording-banner')).toContainText('Recording · demo-turn.jsonl · read-only');
    await expect(page.getByTestId('chat-view')).toHaveCount(0);
    await expect(page.getByTestId('composer-input')).toHaveCount(0);
    await expect(chat.getByTestId('entry-user')).toHaveText(DEMO_PROMPT);
    await expect(chat.getByTestId('entry-agent').last()).toHaveText(liveAnswer);
    await expect(chat.locator('[data-testid="turn-end"][data-stop-reason="end_turn"]')).toHaveCount(1);
    await expect(chat.getByTestId('permission-decision')).toBeAttached();
    await expect(chat.getByTestId('permission-prompt')).toHaveCount(0);
    // The inspector shows the whole recording, as exported.
    await expect(page.getByTestId('traffic-count')).toHaveText(liveCount ?? '');
    const total = await inspectorRows(page).count();

    // Back to the start: nothing has been said, and the inspector holds only what came before.
    const range = page.getByTestId('recording-scrubber-range');
    await range.focus();
    await range.press('Home');
    await expect(page.getByTestId('recording-time')).toContainText(/^0\.000 s of \d+\.\d{3} s · /);
    await expect(page.getByTestId('recording-nothing-yet')).toBeVisible();
    await expect(chat.getByTestId('entry-user')).toHaveCount(0);
    await expect(page.getByTestId('traffic-count')).toContainText('in the selected range');

    // Event by event to the prompt: the person's message shows, the turn is running.
    await stepUntil(range, 'ArrowRight', async () => (await chat.getByTestId('entry-user').count()) === 1);
    // (Just sent, as it was live then: nothing has answered it yet.)
    await expect(chat.getByTestId('entry-user')).toContainText(DEMO_PROMPT);
    await expect(chat.getByTestId('turn-end')).toHaveCount(0);
    // On to the permission request: the card waits for it, with nothing to answer.
    await stepUntil(
      range,
      'ArrowRight',
      async () => (await chat.getByTestId('tool-status').filter({ hasText: 'Needs permission' }).count()) > 0,
    );
    await expect(chat.getByTestId('permission-prompt')).toHaveCount(0);
    await expect(chat.getByTestId('turn-end')).toHaveCount(0);
    await expect.poll(() => inspectorRows(page).count()).toBeLessThan(total);
    await expect(inspectorRows(page).filter({ hasText: 'session/request_permission' })).toHaveCount(1);

    // The end: all of it again, in the chat and in the inspector.
    await range.press('End');
    await expect(chat.getByTestId('entry-agent').last()).toHaveText(liveAnswer);
    await expect(chat.locator('[data-testid="turn-end"][data-stop-reason="end_turn"]')).toHaveCount(1);
    await expect(page.getByTestId('traffic-count')).toHaveText(liveCount ?? '');

    // The banner and the scrubber are accessible in both themes (axe; the list is the chat's own), and a screenshot.
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      const results = await new AxeBuilder({ page })
        .include('[data-testid="recording-banner"]')
        .include('.recording-scrub-bar')
        .withTags(TAGS)
        .analyze();
      const found = results.violations.flatMap((v) =>
        v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${n.failureSummary ?? v.help}`),
      );
      expect(found, `axe violations in the recording's chat (${theme})`).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await mkdir(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, 'recording-chat.png') });

    // Closing gives the live chat back.
    await page.getByTestId('recording-close').click();
    await expect(chat).toHaveCount(0);
    await page.locator(`[data-testid="new-session"][data-endpoint-name="${DEMO}"]`).click();
    await expect(page.getByTestId('composer-input')).toBeVisible();
  });
});
