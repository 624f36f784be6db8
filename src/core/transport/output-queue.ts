/**
 * The readable side of the transport's `Stream`, with transport events woven in order.
 * A gap or a recovery is emitted to listeners exactly when the reader reaches its place among
 * the JSON-RPC messages, so whatever consumes both (the session engine, `acp-desk chat`)
 * can mark it in the right spot of the conversation. Reading never blocks the network side:
 * the queue is unbounded, and the SDK reads as fast as it can.
 */
import type { TransportEvent } from '../../shared/domain/traffic';
import type { AnyMessage } from './jsonrpc';

type Item = { message: AnyMessage } | { event: TransportEvent };

export class OutputQueue {
  readonly #items: Item[] = [];
  #head = 0;
  #wake: (() => void) | undefined;
  #closed = false;
  readonly readable: ReadableStream<AnyMessage>;

  /**
   * @param emit receives transport events at their place in the message order.
   * @param inspect sees each message as the reader takes it, in order, and returns what to
   *   hand over (possibly a copy) or null to swallow it (the session engine uses this to
   *   number and divert messages).
   */
  constructor(
    private readonly emit: (event: TransportEvent) => void,
    private readonly inspect: (message: AnyMessage) => AnyMessage | null = (m) => m,
  ) {
    this.readable = new ReadableStream<AnyMessage>(
      { pull: (controller) => this.#pull(controller), cancel: () => this.close() },
      { highWaterMark: 0 },
    );
  }

  push(message: AnyMessage): void {
    if (this.#closed) return;
    this.#items.push({ message });
    this.#wakeUp();
  }

  /** Emits now if nothing is waiting to be read, else when the reader gets to this point. */
  pushEvent(event: TransportEvent): void {
    if (this.#head >= this.#items.length || this.#closed) {
      this.emit(event);
      return;
    }
    this.#items.push({ event });
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    // Events still queued behind unread messages are not lost: emit them now.
    for (let i = this.#head; i < this.#items.length; i++) {
      const item = this.#items[i]!;
      if ('event' in item) this.emit(item.event);
    }
    this.#items.length = 0;
    this.#head = 0;
    this.#wakeUp();
  }

  #wakeUp(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  async #pull(controller: ReadableStreamDefaultController<AnyMessage>): Promise<void> {
    for (;;) {
      while (this.#head < this.#items.length) {
        const item = this.#items[this.#head++]!;
        if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
          this.#items.splice(0, this.#head);
          this.#head = 0;
        }
        if ('event' in item) {
          this.emit(item.event);
          continue;
        }
        const message = this.inspect(item.message);
        if (!message) continue;
        controller.enqueue(message);
        return;
      }
      if (this.#closed) {
        controller.close();
        return;
      }
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }
}
