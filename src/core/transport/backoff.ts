/**
 * Reconnect timing, pure. Full-jitter exponential backoff (delay drawn uniformly from
 * [0, min(cap, base·2^attempt)]) spreads reconnect storms; the attempt counter resets once a
 * stream has been healthy, so a long-lived stream that drops starts again at ~base instead
 * of inheriting the ceiling from old failures; a budget ends the loop with a visible error
 * instead of retrying silently forever.
 */
import { backoffDelay } from '../../shared/util/backoff';

export interface BackoffPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
  /** Consecutive failed attempts allowed before giving up. */
  readonly maxAttempts: number;
  /** Time a stream must stay open (or deliver an event) to count as healthy. */
  readonly healthyAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 250, maxMs: 10_000, maxAttempts: 8, healthyAfterMs: 5_000 };

export { backoffDelay } from '../../shared/util/backoff';

/** Tracks consecutive failures of one stream. */
export class RetryCounter {
  #attempt = 0;

  constructor(private readonly policy: BackoffPolicy) {}

  get attempt(): number {
    return this.#attempt;
  }

  /** Records a failure; returns the delay before the next try, or null when the budget is spent. */
  /** `capMs` lowers the ceiling for this try (a refused connect costs the server nothing). */
  next(random: () => number, capMs?: number): number | null {
    if (this.#attempt >= this.policy.maxAttempts) return null;
    const curve = capMs === undefined ? this.policy : { ...this.policy, maxMs: Math.min(this.policy.maxMs, capMs) };
    const delay = backoffDelay(this.#attempt, curve, random);
    this.#attempt++;
    return delay;
  }

  healthy(): void {
    this.#attempt = 0;
  }
}

/**
 * Retries `attempt` with full-jitter backoff until it succeeds, the budget is spent, a
 * failure is fatal, or the caller stopped. Resolves to null on success, 'stopped', or the
 * error to give up with (the last one, or one that says the budget is spent).
 */
export async function retryWithBackoff<E extends Error>(d: {
  readonly policy: BackoffPolicy;
  readonly random: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  stopped(): boolean;
  attempt(): Promise<void>;
  asError(e: unknown): E;
  isFatal(e: E): boolean;
  spent(e: E, attempts: number): E;
  onRetry(attempt: number, delayMs: number, e: E): void;
}): Promise<E | null | 'stopped'> {
  const retries = new RetryCounter(d.policy);
  for (;;) {
    if (d.stopped()) return 'stopped';
    try {
      await d.attempt();
      return null;
    } catch (e) {
      const err = d.asError(e);
      if (d.isFatal(err)) return err;
      const delay = retries.next(d.random);
      if (delay === null) return d.spent(err, retries.attempt);
      d.onRetry(retries.attempt, delay, err);
      await d.sleep(delay);
    }
  }
}
