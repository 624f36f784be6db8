/**
 * A form elicitation end to end in real Chromium through browser mode (issue 14): the demo
 * agent's `/ask` puts a form in the chat, Accept with a required field empty shows the error
 * at that field and sends nothing, filling it in and accepting sends the content, the agent's
 * reply repeats what it got, and the entry stays as a read-only "Answered" line.
 */
import { expect, withDemoAgent } from './support/fixtures';

const AGENT = 'Elicitation agent';

const test = withDemoAgent(AGENT);

test.describe('elicitation: a form from the demo agent', () => {
  test('/ask: validate, fill in, accept; the agent repeats the answers and the entry reads Answered', async ({
    page,
    shell,
    chat,
  }) => {
    await shell.startSession(AGENT);
    await chat.send('/ask');

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

    await expect(chat.turnEnds()).toBeVisible({ timeout: 20_000 });
    await expect(chat.agentEntries.last()).toContainText(
      'You answered: Your name: Ada; Email: ada@example.com; Budget (USD): 12.5; Retries: 3; ' +
        'Notify me when done: yes; Theme: Dark; Topics: Sessions, Transport.',
    );
    await expect(page.getByTestId('elicitation')).toHaveCount(0);
    const outcome = page.getByTestId('elicitation-outcome');
    await expect(outcome).toHaveAttribute('data-outcome', 'accept');
    await expect(outcome).toContainText('Asked: A few questions from the demo agent — Answered');
  });
});
