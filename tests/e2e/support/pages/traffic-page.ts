/** The traffic inspector in the side panel: its target, query box, table, detail and recordings. */
import { expect, type Locator, type Page } from '@playwright/test';

export class TrafficPage {
  readonly openButton: Locator;
  readonly inspector: Locator;
  /** The table's rows. */
  readonly rows: Locator;
  /** The rows a cross-link highlights. */
  readonly linkedRows: Locator;
  readonly target: Locator;
  readonly selectedTarget: Locator;
  readonly query: Locator;
  readonly count: Locator;
  readonly detail: Locator;
  readonly pairing: Locator;
  readonly jump: Locator;
  /** The note of a cross-link ("Showing the frames of …"). */
  readonly link: Locator;
  readonly showInChat: Locator;
  readonly exportJsonlButton: Locator;
  readonly openRecordingFile: Locator;
  readonly recordingNote: Locator;
  readonly timelineSummary: Locator;

  constructor(readonly page: Page) {
    this.openButton = page.getByTestId('traffic-open');
    this.inspector = page.getByTestId('traffic-inspector');
    this.rows = this.inspector.getByTestId('traffic-row');
    this.linkedRows = page.locator('[data-testid="traffic-row"][data-linked="true"]');
    this.target = page.getByTestId('traffic-target');
    this.selectedTarget = this.target.locator('option:checked');
    this.query = page.getByTestId('traffic-query');
    this.count = page.getByTestId('traffic-count');
    this.detail = page.getByTestId('traffic-detail');
    this.pairing = page.getByTestId('traffic-pairing');
    this.jump = page.getByTestId('traffic-jump');
    this.link = page.getByTestId('traffic-link');
    this.showInChat = page.getByTestId('traffic-show-in-chat');
    this.exportJsonlButton = page.getByTestId('traffic-export-jsonl');
    this.openRecordingFile = page.getByTestId('traffic-open-recording-file');
    this.recordingNote = page.getByTestId('traffic-recording-note');
    this.timelineSummary = page.getByTestId('timeline-summary');
  }

  /** Opens the inspector, on the connection of endpoint `target` when given. */
  async open(target?: string): Promise<void> {
    await this.openButton.click();
    await expect(this.inspector).toBeVisible();
    if (target) await this.target.selectOption({ label: target });
  }

  /** A lane of the timeline whose name starts with `prefix` (`session`, `control`). */
  lane(prefix: string): Locator {
    return this.page.locator(`[data-testid="timeline-lane"][data-lane^="${prefix}"]`).first();
  }

  /** Exports what the inspector shows as JSONL and saves it at `file`. */
  async exportJsonl(file: string): Promise<void> {
    const download = this.page.waitForEvent('download');
    await this.exportJsonlButton.click();
    await (await download).saveAs(file);
  }
}
