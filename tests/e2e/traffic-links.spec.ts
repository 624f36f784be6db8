/**
 * Cross-links and recordings, end to end in real Chromium through browser mode against the
 * demo agent: "Frames" on the tool call card highlights its rows, "Show in chat" on one of them
 * scrolls back to the card, and an exported JSONL re-opened as a recording shows the same rows.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { specChromium } from './chromium';
import { startAcpDeskWeb, type RunningWeb } from './support/acp-desk-web';
import { runApprovedDemoTurn } from './support/demo-turn';

const chromium = specChromium();
const DEMO = 'Local demo agent';

const rows = (page: Page) => page.getByTestId('traffic-inspector').getByTestId('traffic-row');

test.describe.serial('traffic cross-links and recordings: browser mode against the demo agent', () => {
  test.skip(!chromium, 'No Chromium found (set CHROMIUM_PATH); set E2E_REQUIRED=1 to make this a failure');

  let web: RunningWeb;
  let dataDir: string;

  test.beforeAll(async () => {
    test.setTimeout(90_000);
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'acp-desk-links-e2e-'));
    web = await startAcpDeskWeb({ dataDir, timeoutMs: 60_000 });
  });

  test.afterAll(async () => {
    await web?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test('tool call card ↔ its frames; export JSONL, re-open it as a recording', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto(web.url);
    await page.locator(`[data-testid="new-session"][data-endpoint-name="${DEMO}"]`).click();
    await expect(page.getByTestId('chat-view')).toBeVisible();
    await runApprovedDemoTurn(page);

    // Chat → frames: the card's quiet action opens the inspector on exactly its frames.
    // The edit step's card: it asked a permission (its decision shows in the card).
    const card = page.getByTestId('tool-call').filter({ has: page.getByTestId('permission-decision') });
    await card.hover();
    await card.getByRole('button', { name: 'Show the frames of this tool call' }).click();
    await expect(page.getByTestId('traffic-link')).toContainText('Showing the frames of this tool call.');
    await expect(page.getByTestId('traffic-query')).toHaveValue(/toolcall:/);
    await expect(rows(page).first()).toBeVisible();
    const shown = await rows(page).count();
    await expect(page.locator('[data-testid="traffic-row"][data-linked="true"]')).toHaveCount(shown);
    await expect(rows(page).filter({ hasText: 'session/request_permission' })).toHaveCount(1);

    // Frames → chat: a frame's "Show in chat" scrolls back to the card and marks it.
    await page.locator('[data-testid="message-list"]').evaluate((el) => el.scrollTo(0, 0));
    await rows(page).last().click();
    await page.getByTestId('traffic-show-in-chat').click();
    const focused = page.locator('[data-focused="true"] [data-testid="tool-call"]');
    await expect(focused).toBeInViewport();

    // Export the whole connection as JSONL, then open that file as a recording.
    await page.getByTestId('traffic-link').getByRole('button', { name: 'Show all traffic' }).click();
    await expect(page.getByTestId('traffic-link')).toHaveCount(0);
    await page.getByTestId('traffic-target').selectOption({ label: DEMO });
    await expect(page.getByTestId('traffic-count')).toHaveText(/^\d+ rows$/);
    const download = page.waitForEvent('download');
    await page.getByTestId('traffic-export-jsonl').click();
    const file = path.join(dataDir, 'exported.jsonl');
    await (await download).saveAs(file);
    const live = await page.getByTestId('traffic-count').textContent();

    await page.getByTestId('traffic-open-recording-file').setInputFiles(file);
    await expect(page.getByTestId('traffic-recording-note')).toContainText('Opened exported.jsonl:');
    await expect(page.getByTestId('traffic-target').locator('option:checked')).toHaveText('Recording: exported.jsonl');
    await expect(page.getByTestId('traffic-count')).toHaveText(live ?? '');
    await page.getByTestId('traffic-query').fill('method:session/request_permission');
    await expect(rows(page)).toHaveCount(2);
  });
});
