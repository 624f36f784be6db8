/**
 * The one hand-written wait of the e2e tier. Most waiting is Playwright's own: a locator
 * assertion (`toBeVisible`, `toHaveCount`) or `expect.poll` for a value read from the page or a
 * server. `waitFor` is for what those cannot say: a state reached by acting, such as pressing a
 * key on a slider until the chat shows the moment wanted, where polling alone never gets there.
 */

export interface WaitOptions {
  /** What is waited for, for the failure message. */
  readonly what: string;
  /** Done once between two checks (a key press that moves the page on); without it, a poll. */
  readonly step?: () => Promise<unknown>;
  /** Checks at the most (so at most `tries - 1` steps). */
  readonly tries?: number;
  /** Milliseconds at the most, across all tries. */
  readonly timeout?: number;
}

/** Between two checks of a plain poll (with no `step`). */
const POLL_MS = 50;

/** Resolves once `done()` holds; checks first, then steps (or pauses) and checks again. */
export async function waitFor(done: () => Promise<boolean>, options: WaitOptions): Promise<void> {
  const { what, step, tries = 200, timeout = 20_000 } = options;
  const deadline = Date.now() + timeout;
  for (let i = 1; ; i++) {
    if (await done()) return;
    if (i >= tries) throw new Error(`waitFor: ${what}: not reached in ${tries} checks`);
    if (Date.now() > deadline) throw new Error(`waitFor: ${what}: not reached in ${timeout} ms`);
    if (step) await step();
    else await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
