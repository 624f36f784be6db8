/**
 * Puts everything that arrives on one connection back into wire order before it reaches a
 * session's log.
 *
 * Session updates and permission requests reach us through the SDK (which validates them
 * with its zod schemas) a few microtasks after the transport handed them over, while
 * transport events (gaps, re-attach, recovery) and updates of kinds the SDK does not know
 * are seen directly. So each incoming item is numbered as the SDK takes it off the stream
 * (`expect`/`push`), the SDK-side handler fills its slot (`fill`), and items are released
 * strictly in number order. A slot the SDK never fills (it dropped a message that failed
 * validation) is released after a short grace period as a `dropped` item with the raw
 * message, so nothing disappears silently and nothing waits forever.
 */
export interface InboxTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

type Slot<T> = { state: 'waiting'; raw: unknown } | { state: 'ready'; item: T };

export class OrderedInbox<T> {
  readonly #slots = new Map<number, Slot<T>>();
  #next = 1;
  #deliverFrom = 1;
  #timer: unknown;
  #drainWaiters: Array<{ target: number; resolve: () => void }> = [];

  constructor(
    private readonly deliver: (item: T) => void,
    private readonly dropped: (raw: unknown) => void,
    private readonly timers: InboxTimers,
    private readonly graceMs = 250,
  ) {}

  /** Reserves the next number for an item the SDK will hand us later. */
  expect(raw: unknown): number {
    const n = this.#next++;
    this.#slots.set(n, { state: 'waiting', raw });
    return n;
  }

  /** Adds an item that is complete now (transport event, unknown update). */
  push(item: T): void {
    const n = this.#next++;
    this.#slots.set(n, { state: 'ready', item });
    this.#drain();
  }

  /** The SDK handed over the item numbered `n`. Unknown or late numbers deliver at once. */
  fill(n: number | undefined, item: T): void {
    const slot = n === undefined ? undefined : this.#slots.get(n);
    if (n === undefined || !slot || slot.state !== 'waiting') {
      this.deliver(item);
      return;
    }
    this.#slots.set(n, { state: 'ready', item });
    this.#drain();
  }

  #drain(): void {
    for (;;) {
      const slot = this.#slots.get(this.#deliverFrom);
      if (!slot) break;
      if (slot.state === 'waiting') {
        this.#arm();
        this.#notifyDrained();
        return;
      }
      this.#slots.delete(this.#deliverFrom++);
      this.deliver(slot.item);
    }
    this.#disarm();
    this.#notifyDrained();
  }

  #arm(): void {
    if (this.#timer !== undefined) return;
    const waitingFor = this.#deliverFrom;
    this.#timer = this.timers.setTimeout(() => {
      this.#timer = undefined;
      const slot = this.#slots.get(waitingFor);
      if (slot?.state === 'waiting' && this.#deliverFrom === waitingFor) {
        this.#slots.delete(this.#deliverFrom++);
        this.dropped(slot.raw);
      }
      this.#drain();
    }, this.graceMs);
  }

  #disarm(): void {
    if (this.#timer === undefined) return;
    this.timers.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Resolves once every item numbered so far has been delivered (or dropped). */
  whenDrained(): Promise<void> {
    const target = this.#next - 1;
    if (this.#deliverFrom > target) return Promise.resolve();
    return new Promise((resolve) => this.#drainWaiters.push({ target, resolve }));
  }

  #notifyDrained(): void {
    if (this.#drainWaiters.length === 0) return;
    const done = this.#drainWaiters.filter((w) => this.#deliverFrom > w.target);
    this.#drainWaiters = this.#drainWaiters.filter((w) => this.#deliverFrom <= w.target);
    for (const w of done) w.resolve();
  }

  dispose(): void {
    for (const w of this.#drainWaiters) w.resolve();
    this.#drainWaiters = [];
    this.#disarm();
    this.#slots.clear();
  }
}
