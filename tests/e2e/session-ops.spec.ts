/**
 * Session operations end to end in real Chromium through browser mode against the demo agent
 * (issue 14): after a finished turn, Fork from the chat header's Session menu opens the fork
 * with the original's history, and a new prompt there completes (in the fork only); Rename
 * shows the new title in the sidebar.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startDemoAgent, type DemoAgentServer } from '../../src/demo-agent/server';
import { specChromium } from './chromium';
import { startAcpDeskWeb, type RunningWeb } from './support/acp-desk-web';

const chromium = specChromium();
const AGENT = 'Session ops agent';

const endTurns = (page: Page) => page.locator('[data-testid="turn-end"][data-stop-reason="end_turn"]');
const activeItem = (page: Page) => page.locator('[data-testid="session-item"][aria-current="page"]');

async function send(page: Page, text: string, endsBefore: number): Promise<void> {
  await page.getByTestId('composer-input').fill(text);
  await page.getByTestId('composer-input').press('Enter');
  await expect(endTurns(page)).toHaveCount(endsBefore + 1, { timeout: 20_000 });
}

test.describe.serial('session operations: fork and rename against the demo agent', () => {
  test.skip(!chromium, 'No Chromium found (set CHROMIUM_PATH); set E2E_REQUIRED=1 to make this a failure');

  let web: RunningWeb;
  let dataDir: string;
  let agent: DemoAgentServer;

  test.beforeAll(async () => {
    test.setTimeout(90_000);
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'acp-desk-session-ops-e2e-'));
    agent = await startDemoAgent({ streamDelayMs: 2 });
    web = await startAcpDeskWeb({ dataDir, timeoutMs: 60_000, extraArgs: ['--endpoint', `${AGENT}=${agent.url}`] });
  });

  test.afterAll(async () => {
    await web?.stop();
    await agent?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test('forks a finished session into one with its history, which goes on by itself; rename shows', async ({
    page,
  }) => {
    test.setTimeout(90_000);
    await page.goto(web.url);
    await page.locator(`[data-testid="new-session"][data-endpoint-name="${AGENT}"]`).click();
    await expect(page.getByTestId('chat-view')).toBeVisible();
    await send(page, '/echo words of the original', 0);
    await expect(page.getByTestId('entry-agent').last()).toContainText('words of the original');
    await expect(activeItem(page)).toHaveCount(1);
    const originalId = (await activeItem(page).getAttribute('data-session-id')) ?? '';
    expect(originalId).not.toBe('');

    await page.getByTestId('session-menu').click();
    await expect(page.getByRole('menu', { name: 'Session actions' })).toBeVisible();
    await page.getByTestId('session-fork').click();

    // The fork is open: another session, with the original's turn already in it.
    await expect(activeItem(page)).not.toHaveAttribute('data-session-id', originalId, { timeout: 20_000 });
    const forkId = (await activeItem(page).getAttribute('data-session-id')) ?? '';
    await expect(page.getByTestId('entry-agent').first()).toContainText('words of the original');
    await expect(endTurns(page)).toHaveCount(1);
    await expect(activeItem(page)).toContainText('Fork of', { timeout: 20_000 });

    await send(page, '/echo said in the fork', 1);
    await expect(page.getByTestId('entry-agent').last()).toContainText('said in the fork');

    // Rename the fork: the sidebar shows the new title.
    await page.getByTestId('session-menu').click();
    await page.getByTestId('session-rename').click();
    const input = page.getByTestId('session-rename-input');
    await expect(input).toHaveValue(/^Fork of /);
    await input.fill('Forked greeting');
    await page.getByTestId('session-rename-save').click();
    const forkItem = page.locator(`[data-testid="session-item"][data-session-id="${forkId}"]`);
    await expect(forkItem).toContainText('Forked greeting', { timeout: 20_000 });

    // The original never saw the fork's prompt.
    await page.locator(`[data-testid="session-item"][data-session-id="${originalId}"]`).click();
    await expect(activeItem(page)).toHaveAttribute('data-session-id', originalId);
    await expect(page.getByTestId('entry-agent').last()).toContainText('words of the original');
    await expect(page.getByTestId('chat-view')).not.toContainText('said in the fork');
  });
});
