/**
 * Every timer the transport and its links start goes through one scope, so that `close()`
 * can end them all at once: backoff sleeps, stream idle timers, gap watchdogs, request
 * timeouts and recovery. After `dispose()` nothing scheduled through the scope ever runs and
 * nothing new can be scheduled, so a closed transport holds no timer and the process can exit.
 */
import type { Timers } from './link';

export class TimerScope implements Timers {
  readonly #base: Timers;
  readonly #live = new Set<unknown>();
  #disposed = false;

  constructor(base: Timers) {
    this.#base = base;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    if (this.#disposed) return undefined;
    const handle = this.#base.setTimeout(() => {
      this.#live.delete(handle);
      if (!this.#disposed) fn();
    }, ms);
    this.#live.add(handle);
    return handle;
  }

  clearTimeout(handle: unknown): void {
    if (handle === undefined) return;
    this.#live.delete(handle);
    this.#base.clearTimeout(handle);
  }

  now(): number {
    return this.#base.now();
  }

  /** Timers scheduled and not yet run or cleared. */
  get pending(): number {
    return this.#live.size;
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  dispose(): void {
    this.#disposed = true;
    for (const handle of this.#live) this.#base.clearTimeout(handle);
    this.#live.clear();
  }
}
