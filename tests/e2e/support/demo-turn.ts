/** The demo agent's default turn, as several specs drive it: a tool call asks permission, it is approved, the turn ends. */
import { expect, type Page } from '@playwright/test';

export const DEMO_PROMPT = 'Explain the greeting module';

export async function runApprovedDemoTurn(page: Page): Promise<void> {
  await page.getByTestId('composer-input').fill(DEMO_PROMPT);
  await page.getByTestId('composer-input').press('Enter');
  const prompt = page.getByTestId('permission-prompt');
  await expect(prompt).toBeVisible({ timeout: 20_000 });
  await prompt.locator('[data-testid="permission-option"][data-kind="allow_once"]').click();
  await expect(page.locator('[data-testid="turn-end"][data-stop-reason="end_turn"]').first()).toBeVisible({
    timeout: 20_000,
  });
}
