/** An endpoint's own page: its details, Test connection, Diagnose and its report, OAuth. */
import { expect, type Locator, type Page } from '@playwright/test';

/** The doctor's own timeouts bound a run to seconds; this only keeps a hang from stalling the tier. */
export const DIAGNOSE_TIMEOUT = 45_000;

export class EndpointPage {
  readonly details: Locator;
  readonly editButton: Locator;
  readonly testConnectionButton: Locator;
  readonly probeResult: Locator;
  readonly probeError: Locator;
  readonly diagnosePanel: Locator;
  readonly diagnoseButton: Locator;
  readonly report: Locator;
  readonly oauthStatus: Locator;

  constructor(readonly page: Page) {
    this.details = page.getByTestId('endpoint-details');
    this.editButton = page.getByTestId('endpoint-edit');
    this.testConnectionButton = page.getByTestId('test-connection');
    this.probeResult = page.getByTestId('probe-result');
    this.probeError = page.getByTestId('probe-error');
    this.diagnosePanel = page.getByTestId('diagnose-panel');
    this.diagnoseButton = page.getByTestId('diagnose-run');
    this.report = page.getByRole('region', { name: 'Diagnosis report' });
    this.oauthStatus = this.details.getByTestId('oauth-status');
  }

  /** Opens the page of the endpoint `name` (its row in the sidebar). */
  async open(name: string): Promise<void> {
    await this.page.locator(`[data-testid="endpoint-item"][data-endpoint-name="${name}"]`).click();
    await expect(this.details).toBeVisible();
  }

  /** Runs Test connection and waits for its result or its error. */
  async testConnection(): Promise<void> {
    await this.testConnectionButton.click();
    await expect(this.probeResult.or(this.probeError).first()).toBeVisible({ timeout: 20_000 });
  }

  /**
   * Runs Diagnose on the page open now and resolves with the report once it is there.
   * `showsProgress`: "Diagnosing…" is seen first (a closed port fails too fast to see it).
   */
  async diagnose(showsProgress = true): Promise<Locator> {
    await this.diagnosePanel.getByRole('button', { name: 'Diagnose' }).click();
    if (showsProgress)
      // "Diagnosing…", then each finished step as it is pushed (the first may already be there).
      await expect(this.diagnosePanel.getByTestId('diagnose-running')).toContainText('Diagnosing…');
    await expect(this.report).toBeVisible({ timeout: DIAGNOSE_TIMEOUT });
    return this.report;
  }
}
