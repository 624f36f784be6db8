/**
 * Requests the transport makes on its own (the rebuild `initialize`, `session/load` and
 * `session/resume` when re-attaching): ids in their own namespace (`acp-desk:N`), answers routed
 * here by incoming.ts and never shown to the SDK, and each one bounded by a timeout.
 */
import { errorResponse, TRANSPORT_ERROR, type AnyResponse } from './jsonrpc';
import type { Link, Timers } from './link';

const INTERNAL_TIMEOUT_MS = 10 * 60_000;

export class InternalRequests {
  /** Waiters by id; incoming.ts resolves them. */
  readonly waiting = new Map<string, (r: AnyResponse) => void>();
  #seq = 0;

  constructor(private readonly timers: () => Timers) {}

  nextId(): string {
    return `acp-desk:${++this.#seq}`;
  }

  request(link: Link, method: string, params: Record<string, unknown>, sessionId?: string): Promise<AnyResponse> {
    const id = this.nextId();
    const timers = this.timers();
    return new Promise((resolve) => {
      const timer = timers.setTimeout(
        () => done(errorResponse(id, TRANSPORT_ERROR.internal, `no answer to ${method}`)),
        INTERNAL_TIMEOUT_MS,
      );
      const done = (r: AnyResponse) => {
        timers.clearTimeout(timer);
        this.waiting.delete(id);
        resolve(r);
      };
      this.waiting.set(id, done);
      link
        .send({ jsonrpc: '2.0', id, method, params }, sessionId)
        .catch((e: Error) => done(errorResponse(id, TRANSPORT_ERROR.internal, e.message)));
    });
  }
}
