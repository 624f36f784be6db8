/**
 * Collects items per key and flushes them together at most once per interval: session
 * events reach windows (and the transcript files) as one batch per ~16 ms, whatever the
 * agent's rate, and order within a key is preserved.
 */
import type { InboxTimers } from './ordered-inbox';

export class Batcher<T> {
  #pending = new Map<string, T[]>();
  #timer: unknown;

  constructor(
    private readonly flushTo: (batches: ReadonlyMap<string, T[]>) => void,
    private readonly timers: InboxTimers,
    private readonly intervalMs = 16,
  ) {}

  push(key: string, item: T): void {
    const list = this.#pending.get(key);
    if (list) list.push(item);
    else this.#pending.set(key, [item]);
    this.#timer ??= this.timers.setTimeout(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    if (this.#timer !== undefined) this.timers.clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#pending.size === 0) return;
    const batches = this.#pending;
    this.#pending = new Map();
    this.flushTo(batches);
  }
}
