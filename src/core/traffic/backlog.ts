/**
 * When the traffic log does its work (see traffic-host.ts). Redacting, indexing and spilling a
 * record costs several times what handing it over did, and on a machine with few cores it
 * competes with the transport and the agent for the same CPU. So while no window watches an
 * endpoint, its records wait (serialized, in the worker's data port) for a pause in the
 * traffic (QUIET_MS), and are processed then: a streaming turn is not slowed by its own log.
 * A wait is bounded in time (MAX_DELAY_MS) and size (MAX_BACKLOG); a watched endpoint's
 * records are processed within a frame (WATCHED_DELAY_MS); and every call (window, query,
 * export, clear, …) first processes everything before it, so no answer misses a record.
 */
export interface BacklogTimers {
  setTimeout(f: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export const realTimers: BacklogTimers = {
  // Unref'd: a wait never holds the process (closing the log drains it).
  setTimeout: (f, ms) => setTimeout(f, ms).unref(),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  now: () => performance.now(),
};

/** While nothing watches the endpoint: processing waits for this long a pause in its traffic… */
export const QUIET_MS = 500;
/** …but no record waits longer than this… */
export const MAX_DELAY_MS = 2000;
/** …and no more than this many wait (their serialized batches are what they hold meanwhile). */
export const MAX_BACKLOG = 50_000;
/** With the inspector watching: its live tail gets the records this soon. */
export const WATCHED_DELAY_MS = 16;

export class Backlog {
  #count = 0;
  #since = 0;
  #timer: unknown;
  #due = Infinity;

  constructor(
    /** Process what waits, now. */
    private readonly due: () => void,
    private readonly timers: BacklogTimers,
  ) {}

  get size(): number {
    return this.#count;
  }

  /** `count` more records wait; `watched`: a window follows their endpoint live. */
  add(count: number, watched: boolean): void {
    const now = this.timers.now();
    if (this.#count === 0) this.#since = now;
    this.#count += count;
    if (this.#count >= MAX_BACKLOG) return this.drain();
    const due = watched ? now + WATCHED_DELAY_MS : Math.min(now + QUIET_MS, this.#since + MAX_DELAY_MS);
    // Watched: the first batch's deadline holds. Unwatched: each batch moves it (a pause is awaited).
    if (watched && this.#timer !== undefined && this.#due <= due) return;
    this.#arm(due, now);
  }

  /** Everything waiting is processed now (by `due`, or by a call that drains first). */
  drain(): void {
    if (this.#timer !== undefined) this.timers.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#due = Infinity;
    const waited = this.#count;
    this.#count = 0;
    if (waited) this.due();
  }

  /** A call is about to drain everything: nothing waits any more, and `due` is not needed. */
  reset(): void {
    if (this.#timer !== undefined) this.timers.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#due = Infinity;
    this.#count = 0;
  }

  #arm(due: number, now: number): void {
    if (this.#timer !== undefined) this.timers.clearTimeout(this.#timer);
    this.#due = due;
    this.#timer = this.timers.setTimeout(() => this.drain(), Math.max(0, due - now));
  }
}
