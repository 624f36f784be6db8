/** The app's frame: the sidebar (endpoints, their sessions, the history link) and the window title. */
import { expect, type Locator, type Page } from '@playwright/test';

/** The endpoint every `acp-desk web` has: the demo agent built into it. */
export const DEMO = 'Local demo agent';

export class AppShell {
  readonly endpointList: Locator;
  readonly addEndpointButton: Locator;
  readonly historyLink: Locator;
  readonly sessionItems: Locator;
  /** The session shown now. */
  readonly activeSession: Locator;
  readonly attentionBadges: Locator;

  constructor(readonly page: Page) {
    this.endpointList = page.getByTestId('endpoint-list');
    this.addEndpointButton = page.getByTestId('add-endpoint');
    this.historyLink = page.getByTestId('history-link');
    this.sessionItems = page.getByTestId('session-item');
    this.activeSession = page.locator('[data-testid="session-item"][aria-current="page"]');
    this.attentionBadges = page.getByTestId('attention-badge');
  }

  /** An endpoint's row in the sidebar. */
  endpoint(name: string): Locator {
    return this.page.locator(`[data-testid="endpoint-item"][data-endpoint-name="${name}"]`);
  }

  /** An endpoint's "New session" button. */
  newSessionButton(name: string): Locator {
    return this.page.locator(`[data-testid="new-session"][data-endpoint-name="${name}"]`);
  }

  /** A session's row in the sidebar. */
  session(id: string): Locator {
    return this.page.locator(`[data-testid="session-item"][data-session-id="${id}"]`);
  }

  /** Opens a new session on `endpoint`; resolves once its chat is on screen. */
  async startSession(endpoint: string): Promise<void> {
    await this.newSessionButton(endpoint).click();
    await expect(this.page.getByTestId('chat-view')).toBeVisible();
  }

  /** The id of the session shown now (there is exactly one). */
  async activeSessionId(): Promise<string> {
    await expect(this.activeSession).toHaveCount(1);
    const id = (await this.activeSession.getAttribute('data-session-id')) ?? '';
    expect(id, 'the active session row has a session id').not.toBe('');
    return id;
  }
}
