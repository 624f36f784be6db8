/** The command palette (Ctrl+K). */
import { expect, type Locator, type Page } from '@playwright/test';

export class Palette {
  readonly root: Locator;
  readonly input: Locator;
  readonly items: Locator;
  readonly selectedItem: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('command-palette');
    this.input = page.getByTestId('palette-input');
    this.items = page.getByTestId('palette-item');
    this.selectedItem = page.locator('.palette-item[aria-selected="true"]');
  }

  /** Ctrl+K; resolves once the palette is open. */
  async open(): Promise<void> {
    await this.page.keyboard.press('Control+K');
    await expect(this.root).toBeVisible();
  }

  /** Opens the palette, filters it to `title` and clicks that command; resolves once it has closed. */
  async run(title: string): Promise<void> {
    await this.open();
    await this.input.fill(title);
    await this.items.filter({ hasText: title }).first().click();
    await expect(this.root).toHaveCount(0);
  }
}
