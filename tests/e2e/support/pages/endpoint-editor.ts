/** The endpoint editor (add or edit an endpoint) and its Test connection. */
import { expect, type Locator, type Page } from '@playwright/test';

export class EndpointEditor {
  readonly root: Locator;
  readonly nameInput: Locator;
  readonly urlInput: Locator;
  readonly urlError: Locator;
  readonly saveButton: Locator;
  readonly testConnectionButton: Locator;
  readonly probeResult: Locator;
  readonly probeError: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('endpoint-editor');
    this.nameInput = page.getByTestId('endpoint-name-input');
    this.urlInput = page.getByTestId('endpoint-url-input');
    this.urlError = page.getByTestId('endpoint-url-error');
    this.saveButton = page.getByTestId('endpoint-save');
    this.testConnectionButton = page.getByTestId('test-connection');
    this.probeResult = page.getByTestId('probe-result');
    this.probeError = page.getByTestId('probe-error');
  }

  /** Opens the editor for a new endpoint (the sidebar's "Add endpoint"). */
  async openNew(): Promise<void> {
    await this.page.getByTestId('add-endpoint').click();
    await expect(this.root).toBeVisible();
  }

  /** Opens the editor for a new endpoint and fills in its name and URL. */
  async fillNew(name: string, url: string): Promise<void> {
    await this.openNew();
    await this.nameInput.fill(name);
    await this.urlInput.fill(url);
  }

  /** Adds an endpoint and waits for its row in the sidebar. */
  async add(name: string, url: string): Promise<void> {
    await this.fillNew(name, url);
    await this.saveButton.click();
    await expect(this.page.locator(`[data-testid="endpoint-item"][data-endpoint-name="${name}"]`)).toBeVisible();
  }
}
