/**
 * The one polling wait of the node test tiers (unit, integration, fixtures). Tests wait on the
 * condition they mean, never on a fixed delay; `quietFor` exists only to assert that something
 * does NOT happen. (The e2e tier uses Playwright's own waiting: `expect.poll`, locators.)
 */

/** Polls `predicate` every 5 ms until it holds; fails naming `label` after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, label = 'the condition', timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${label}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * Lets `ms` pass. Only for asserting that something does NOT happen (no retry storm): never
 * use it to wait for something that should happen — wait on it with `waitFor` instead.
 */
export function quietFor(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
