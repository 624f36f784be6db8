/** A session's chat: the composer, the transcript, the permission prompt and the turn's end. */
import { expect, type Locator, type Page } from '@playwright/test';

/** The demo agent's default turn: a thought, a plan, an edit that asks for permission, a diff. */
export const DEMO_PROMPT = 'Explain the greeting module';

/** How long an agent gets to answer a prompt (a permission prompt, a turn's end). */
export const TURN_TIMEOUT = 20_000;

export type StopReason = 'end_turn' | 'cancelled';
export type PermissionKind = 'allow_once' | 'reject_once';

export class ChatPage {
  readonly view: Locator;
  readonly composer: Locator;
  readonly messageList: Locator;
  readonly userEntries: Locator;
  readonly agentEntries: Locator;
  readonly permissionPrompt: Locator;
  readonly toolCalls: Locator;
  readonly turnStatus: Locator;
  readonly markers: Locator;
  readonly header: Locator;
  readonly modePicker: Locator;
  readonly commandCompletion: Locator;
  readonly sessionMenu: Locator;
  readonly exportMenu: Locator;

  constructor(readonly page: Page) {
    this.view = page.getByTestId('chat-view');
    this.composer = page.getByTestId('composer-input');
    this.messageList = page.getByTestId('message-list');
    this.userEntries = page.getByTestId('entry-user');
    this.agentEntries = page.getByTestId('entry-agent');
    this.permissionPrompt = page.getByTestId('permission-prompt');
    this.toolCalls = page.getByTestId('tool-call');
    this.turnStatus = page.getByTestId('turn-status');
    this.markers = page.getByTestId('marker');
    this.header = page.getByTestId('chat-header');
    this.modePicker = page.getByTestId('mode-picker');
    this.commandCompletion = page.getByTestId('command-completion');
    this.sessionMenu = page.getByTestId('session-menu');
    this.exportMenu = page.getByTestId('export-menu');
  }

  /** The turns that ended for `reason`. */
  turnEnds(reason: StopReason = 'end_turn'): Locator {
    return this.page.locator(`[data-testid="turn-end"][data-stop-reason="${reason}"]`);
  }

  permissionOption(kind: PermissionKind): Locator {
    return this.permissionPrompt.locator(`[data-testid="permission-option"][data-kind="${kind}"]`);
  }

  /** Types `text` into the composer and presses Enter. */
  async send(text: string): Promise<void> {
    await this.composer.fill(text);
    await this.composer.press('Enter');
  }

  /** Sends `text` and waits until one more turn has ended (`end_turn`) than before. */
  async sendAndFinish(text: string): Promise<void> {
    const before = await this.turnEnds().count();
    await this.send(text);
    await expect(this.turnEnds()).toHaveCount(before + 1, { timeout: TURN_TIMEOUT });
  }

  /** Sends `text` (the demo agent's default turn) and waits for its permission prompt. */
  async sendUntilPermission(text = DEMO_PROMPT): Promise<void> {
    await this.send(text);
    await expect(this.permissionPrompt).toBeVisible({ timeout: TURN_TIMEOUT });
  }

  /** Answers the pending permission with `kind` and waits until one more turn has ended than before. */
  async answerAndFinish(kind: PermissionKind = 'allow_once'): Promise<void> {
    const before = await this.turnEnds().count();
    await this.permissionOption(kind).click();
    await expect(this.turnEnds()).toHaveCount(before + 1, { timeout: TURN_TIMEOUT });
  }

  /** The demo agent's default turn as several specs drive it: it asks permission, it is approved, it ends. */
  async runApprovedDemoTurn(): Promise<void> {
    await this.sendUntilPermission(DEMO_PROMPT);
    await this.answerAndFinish('allow_once');
  }
}
