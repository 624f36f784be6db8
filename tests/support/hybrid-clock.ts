/**
 * Transport timers for outage tests: real time by default (sockets, keep-alives and the agent
 * all run at their own pace), plus `skip(ms)`, which moves the transport's clock ahead so a
 * 30-second outage takes a fraction of a second. While skipping, time advances in small steps
 * and real I/O runs between them, so every backoff sleep, retry and offline timer the transport
 * scheduled fires in order, exactly as it would have over the real 30 s.
 */
import type { Timers } from '../../src/core/transport/link';

export class HybridClock implements Timers {
  #offset = 0;
  #seq = 0;
  readonly #due = new Map<number, { at: number; fn: () => void }>();
  readonly #ticker = setInterval(() => this.#fire(), 2);

  now(): number {
    return Date.now() + this.#offset;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.#seq;
    this.#due.set(id, { at: this.now() + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#due.delete(handle as number);
  }

  /** Timers scheduled and not yet fired or cleared. */
  get pending(): number {
    return this.#due.size;
  }

  /** Moves the clock `ms` ahead in `stepMs` steps, letting real I/O run after each. */
  async skip(ms: number, stepMs = 50): Promise<void> {
    for (let done = 0; done < ms; done += stepMs) {
      this.#offset += Math.min(stepMs, ms - done);
      this.#fire();
      await new Promise((r) => setTimeout(r, 3));
    }
  }

  #fire(): void {
    const now = this.now();
    const ready = [...this.#due.entries()].filter(([, t]) => t.at <= now).sort((a, b) => a[1].at - b[1].at);
    for (const [id, t] of ready) {
      if (!this.#due.delete(id)) continue;
      try {
        t.fn();
      } catch {
        // a throwing timer callback must not stop the clock (the transport isolates its own)
      }
    }
  }

  dispose(): void {
    clearInterval(this.#ticker);
    this.#due.clear();
  }
}
