/**
 * A form elicitation end to end in real Chromium through browser mode (issue 14): the demo
 * agent's `/ask` puts a form in the chat, Accept with a required field empty shows the error
 * at that field and sends nothing, filling it in and accepting sends the content, the agent's
 * reply repeats what it got, and the entry stays as a read-only "Answered" line.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startDemoAgent, type DemoAgentServer } from '../../src/demo-agent/server';
import { specChromium } from './chromium';
import { startAcpDeskWeb, type RunningWeb } from './support/acp-desk-web';

const chromium = specChromium();
const AGENT = 'Elicitation agent';

test.describe.serial('elicitation: a form from the demo agent', () => {
  test.skip(!chromium, 'No Chromium found (set CHROMIUM_PATH); set E2E_REQUIRED=1 to make this a failure');

  let web: RunningWeb;
  let dataDir: string;
  let agent: DemoAgentServer;

  test.beforeAll(async () => {
    test.setTimeout(90_000);
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'acp-desk-elicitation-e2e-'));
    agent = await startDemoAgent({ streamDelayMs: 2 });
    web = await startAcpDeskWeb({ dataDir, timeoutMs: 60_000, extraArgs: ['--endpoint', `${AGENT}=${agent.url}`] });
  });

  test.afterAll(async () => {
    await web?.stop();
    await agent?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test('/ask: validate, fill in, accept; the agent repeats the answers and the entry reads Answered', async ({
    page,
  }) => {
    await page.goto(web.url);
    await page.locator(`[data-testid="new-session"][data-endpoint-name="${AGENT}"]`).click();
    await expect(page.getByTestId('chat-view')).toBeVisible();
    await page.getByTestId('composer-input').fill('/ask');
    await page.getByTestId('composer-input').press('Enter');

    const card = page.locator('[data-testid="elicitation"][data-mode="form"]');
    await expect(card).toBeVisible({ timeout: 20_000 });
    await expect(card).toContainText('A few questions from the demo agent');
    const form = card.getByRole('form');
    const name = form.getByLabel('Your name');
    const email = form.getByLabel('Email');
    const retries = form.getByLabel('Retries');
    // Defaults are filled in; the required text fields start empty.
    await expect(name).toHaveValue('');
    await expect(retries).toHaveValue('2');
    await expect(form.getByLabel('Notify me when done')).toBeChecked();
    await expect(form.getByLabel('Theme')).toHaveValue('system');
    await expect(form.getByRole('checkbox', { name: 'Sessions' })).toBeChecked();

    // Accept with the required fields empty: errors at them, nothing sent, the form stays.
    await email.fill('ada@example.com');
    await card.getByTestId('elicitation-accept').click();
    // `has` is matched inside each row, so it takes a locator from the page root.
    const nameRow = form.locator('[data-testid="elicitation-field"]', { has: page.getByLabel('Your name') });
    await expect(nameRow.getByTestId('elicitation-field-error')).toContainText('Fill in this field.');
    await expect(name).toHaveAttribute('aria-invalid', 'true');
    await expect(name).toHaveAccessibleDescription(/What the demo agent should call you\..*Fill in this field\./);
    await expect(name).toBeFocused();
    await expect(form.getByTestId('elicitation-field-error')).toHaveCount(1);
    await expect(card).toHaveAttribute('data-state', 'asking');

    await name.fill('Ada');
    await retries.fill('3');
    await form.getByLabel('Theme').selectOption('dark');
    await form.getByRole('checkbox', { name: 'Transport' }).check();
    await card.getByTestId('elicitation-accept').click();

    await expect(page.locator('[data-testid="turn-end"][data-stop-reason="end_turn"]')).toBeVisible({
      timeout: 20_000,
    });
    await expect(page.getByTestId('entry-agent').last()).toContainText(
      'You answered: Your name: Ada; Email: ada@example.com; Budget (USD): 12.5; Retries: 3; ' +
        'Notify me when done: yes; Theme: Dark; Topics: Sessions, Transport.',
    );
    await expect(page.getByTestId('elicitation')).toHaveCount(0);
    const outcome = page.getByTestId('elicitation-outcome');
    await expect(outcome).toHaveAttribute('data-outcome', 'accept');
    await expect(outcome).toContainText('Asked: A few questions from the demo agent — Answered');
  });
});
