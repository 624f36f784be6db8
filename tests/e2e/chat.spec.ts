/**
 * The chat, end to end in real Chromium through browser mode against real demo agents: add an
 * endpoint, test it, start a session, stream Markdown, approve a permission and see the diff,
 * reject one, cancel with Esc, switch mode, run a slash command, reload and find the session
 * in history, export it. Screenshots of the main screens go to test-results/screenshots.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startDemoAgent, type DemoAgentServer } from '../../src/demo-agent/server';
import { specChromium } from './chromium';
import { REPO_ROOT, startAcpDeskWeb, type RunningWeb } from './support/acp-desk-web';

const chromium = specChromium();
const SHOTS = path.join(REPO_ROOT, 'test-results', 'screenshots');

async function shot(page: Page, name: string): Promise<void> {
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

test.describe.serial('chat: browser mode against demo agents', () => {
  test.skip(!chromium, 'No Chromium found (set CHROMIUM_PATH); set E2E_REQUIRED=1 to make this a failure');

  let web: RunningWeb;
  let dataDir: string;
  let second: DemoAgentServer;
  let sessionId = '';

  test.beforeAll(async () => {
    test.setTimeout(90_000);
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'acp-desk-chat-e2e-'));
    second = await startDemoAgent({ streamDelayMs: 2 });
    web = await startAcpDeskWeb({ dataDir, timeoutMs: 60_000 });
  });

  test.afterAll(async () => {
    await web?.stop();
    await second?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test('adds an endpoint, validates its URL, and tests it', async ({ page }) => {
    await page.goto(web.url);
    await page.getByTestId('add-endpoint').click();
    const editor = page.getByTestId('endpoint-editor');
    await expect(editor).toBeVisible();
    await page.getByTestId('endpoint-name-input').fill('Second agent');
    await page.getByTestId('endpoint-url-input').fill('ftp://nope');
    await expect(page.getByTestId('endpoint-url-error')).toContainText(/scheme/i);
    await page.getByTestId('endpoint-url-input').fill(second.url);
    await expect(page.getByTestId('endpoint-url-error')).toHaveCount(0);
    await shot(page, 'endpoint-editor');
    await page.getByTestId('endpoint-save').click();
    const item = page.locator('[data-testid="endpoint-item"][data-endpoint-name="Second agent"]');
    await expect(item).toBeVisible();
    await item.click();
    await page.getByTestId('test-connection').click();
    await expect(page.getByTestId('probe-result')).toContainText(/acp-desk-demo|ACP Desk demo agent/, {
      timeout: 20_000,
    });
  });

  test('starts a session and streams Markdown; approving a permission shows the diff', async ({ page }) => {
    await page.goto(web.url);
    await page.locator('[data-testid="new-session"][data-endpoint-name="Second agent"]').click();
    await expect(page.getByTestId('chat-view')).toBeVisible();
    await page.getByTestId('composer-input').fill('Explain the greeting module');
    await page.getByTestId('composer-input').press('Enter');
    const prompt = page.getByTestId('permission-prompt');
    await expect(prompt).toBeVisible({ timeout: 20_000 });
    await shot(page, 'permission');
    await prompt.locator('[data-testid="permission-option"][data-kind="allow_once"]').click();
    await expect(page.getByTestId('diff-view').first()).toBeVisible();
    await expect(page.locator('[data-testid="turn-end"][data-stop-reason="end_turn"]').first()).toBeVisible({
      timeout: 20_000,
    });
    await expect(page.getByTestId('entry-agent').last().locator('table')).toBeVisible();
    await expect(page.getByTestId('entry-agent').last().locator('pre code')).toBeVisible();
    await expect(page.getByTestId('terminal-output').first()).toBeVisible();
    sessionId = (await page.locator('[data-testid="session-item"]').first().getAttribute('data-session-id')) ?? '';
    await shot(page, 'chat');
  });

  test('rejecting a permission fails the edit; Esc cancels a running turn', async ({ page }) => {
    await page.goto(web.url);
    await page.locator(`[data-testid="session-item"][data-session-id="${sessionId}"]`).click();
    await page.getByTestId('composer-input').fill('Try another edit');
    await page.getByTestId('composer-input').press('Enter');
    const prompt = page.getByTestId('permission-prompt');
    await expect(prompt).toBeVisible({ timeout: 20_000 });
    await prompt.locator('[data-testid="permission-option"][data-kind="reject_once"]').click();
    await expect(page.locator('[data-testid="tool-call"][data-kind="edit"][data-status="failed"]')).toBeVisible();
    await expect(page.locator('[data-testid="turn-end"][data-stop-reason="end_turn"]')).toHaveCount(2, {
      timeout: 20_000,
    });

    // `/wait` runs until it is cancelled, so the turn cannot end before Esc arrives (with `/long`
    // at the test agent's pace it sometimes did). Esc right after Enter, before the turn is even
    // acknowledged, must still cancel it.
    await page.getByTestId('composer-input').fill('/wait');
    await page.getByTestId('composer-input').press('Enter');
    await page.getByTestId('composer-input').press('Escape');
    await expect(page.locator('[data-testid="turn-end"][data-stop-reason="cancelled"]')).toBeVisible({
      timeout: 20_000,
    });
  });

  test('switches mode and runs a slash command from the completion list', async ({ page }) => {
    await page.goto(web.url);
    await page.locator(`[data-testid="session-item"][data-session-id="${sessionId}"]`).click();
    const mode = page.getByTestId('mode-picker');
    await mode.selectOption('auto');
    await expect(mode).toHaveValue('auto');
    await page.getByTestId('composer-input').fill('/');
    await expect(page.getByTestId('command-completion')).toContainText('echo');
    await page.getByTestId('composer-input').fill('/echo slash commands work');
    await page.getByTestId('composer-input').press('Enter');
    await expect(page.getByTestId('entry-agent').last()).toContainText('slash commands work', { timeout: 20_000 });
  });

  test('after a reload the session is in the history, reopens, and exports as Markdown', async ({ page }) => {
    await page.goto(web.url);
    await page.reload();
    await page.getByTestId('history-link').click();
    await expect(page.getByTestId('history-view')).toBeVisible();
    await page.getByTestId('history-search').fill('greeting');
    await expect(page.getByTestId('search-hit').first()).toBeVisible({ timeout: 10_000 });
    await shot(page, 'history');
    await page.locator(`[data-testid="history-session"][data-session-id="${sessionId}"]`).click();
    await expect(page.getByTestId('chat-view')).toBeVisible();
    // The list opens at the latest entries (it is virtualized): the last prompt is on screen.
    await expect(page.getByTestId('entry-user').last()).toContainText('slash commands work');
    const download = page.waitForEvent('download');
    await page.getByTestId('export-menu').click();
    await page.getByTestId('export-markdown').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.md$/);
    const text = await (await file.createReadStream()).toArray();
    expect(Buffer.concat(text as Buffer[]).toString('utf8')).toContain('Explain the greeting module');
  });

  test('a history search hit opens its session scrolled to the hit, marked', async ({ page }) => {
    await page.goto(web.url);
    await page.getByTestId('history-link').click();
    await page.getByTestId('history-search').fill('greeting');
    const hit = page.locator(`[data-testid="search-hit"][data-session-id="${sessionId}"]`).first();
    await expect(hit).toBeVisible({ timeout: 10_000 });
    await hit.click();
    await expect(page.getByTestId('chat-view')).toBeVisible();
    const marked = page.locator('[data-testid="message-list"] [data-focused]');
    await expect(marked).toHaveCount(1);
    await expect(marked).toBeInViewport();
    await expect(marked).toContainText(/greeting/i);
  });

  test('the command palette opens with Ctrl+K and runs an action', async ({ page }) => {
    await page.goto(web.url);
    await page.keyboard.press('Control+K');
    await expect(page.getByTestId('command-palette')).toBeVisible();
    await shot(page, 'palette');
    await page.getByTestId('palette-input').fill('history');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('history-view')).toBeVisible();
  });
});
