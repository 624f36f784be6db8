/** The history: every session the host knows, and search across their messages. */
import { expect, type Locator, type Page } from '@playwright/test';

export class HistoryPage {
  readonly view: Locator;
  readonly search: Locator;
  readonly hits: Locator;

  constructor(readonly page: Page) {
    this.view = page.getByTestId('history-view');
    this.search = page.getByTestId('history-search');
    this.hits = page.getByTestId('search-hit');
  }

  /** Opens the history from the sidebar's link. */
  async open(): Promise<void> {
    await this.page.getByTestId('history-link').click();
    await expect(this.view).toBeVisible();
  }

  /** Searches for `text` and waits for the first hit. */
  async searchFor(text: string): Promise<void> {
    await this.search.fill(text);
    await expect(this.hits.first()).toBeVisible({ timeout: 10_000 });
  }

  /** The search hits in one session. */
  hitsIn(sessionId: string): Locator {
    return this.page.locator(`[data-testid="search-hit"][data-session-id="${sessionId}"]`);
  }

  /** A session's entry in the list. */
  session(id: string): Locator {
    return this.page.locator(`[data-testid="history-session"][data-session-id="${id}"]`);
  }
}
