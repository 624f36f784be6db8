import type { Timers } from '../../../src/core/transport/link';

/** A hand-driven clock for the transport's `Timers`: nothing fires until `advance` passes its time. */
export class ManualTimers implements Timers {
  #now = 0;
  #nextId = 1;
  readonly #due = new Map<number, { at: number; fn: () => void }>();

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.#nextId++;
    this.#due.set(id, { at: this.#now + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#due.delete(handle as number);
  }

  /** How many timers are waiting. */
  get pending(): number {
    return this.#due.size;
  }

  /** Moves the clock forward, firing every timer that falls due on the way, earliest first. */
  advance(ms: number): void {
    const until = this.#now + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const entry of this.#due) if (entry[1].at <= until && (!next || entry[1].at < next[1].at)) next = entry;
      if (!next) break;
      this.#due.delete(next[0]);
      this.#now = next[1].at;
      next[1].fn();
    }
    this.#now = until;
  }
}
