/**
 * Request-scoped elicitations (issue 14): an `elicitation/create` without a sessionId belongs
 * to the endpoint, not to a conversation, so it waits here and the endpoint's status carries
 * it to the windows (a dialog on the endpoint's pages). Bounded: past `limit` waiting, a new
 * one is declined at once. Every one ends: answered, withdrawn by the agent (its abort
 * signal), or cancelled when the connection is lost or closed.
 */
import type { CreateElicitationResponse } from '@agentclientprotocol/sdk';
import type { EndpointElicitation } from '../../shared/domain/history';
import type { ElicitationAnswer, ElicitationRequest } from '../../shared/elicitation/schema';

export const ENDPOINT_ELICITATION_LIMIT = 8;

interface Waiting {
  readonly shown: EndpointElicitation;
  /** Undefined once answered (an accepted URL one waits only for its completion). */
  send?: (r: CreateElicitationResponse) => void;
}

export class EndpointElicitations {
  readonly #waiting = new Map<string, Waiting>();
  #seq = 0;

  constructor(
    private readonly changed: (list: readonly EndpointElicitation[]) => void,
    private readonly now: () => number = Date.now,
    private readonly limit = ENDPOINT_ELICITATION_LIMIT,
  ) {}

  get list(): readonly EndpointElicitation[] {
    return [...this.#waiting.values()].map((w) => w.shown);
  }

  /** Shows the request until it is answered; declined at once when too many already wait. */
  add(request: ElicitationRequest, signal: AbortSignal, send: (r: CreateElicitationResponse) => void): void {
    if (this.#waiting.size >= this.limit) return send({ action: 'decline' });
    const requestId = `endpoint#elicit-${++this.#seq}-${this.now().toString(36)}`;
    this.#waiting.set(requestId, { shown: { requestId, request, at: this.now() }, send });
    signal.addEventListener('abort', () => this.#end(requestId, { action: 'cancel' }), { once: true });
    this.changed(this.list);
  }

  /** The person's answer; false when that request no longer waits for one. */
  resolve(requestId: string, answer: ElicitationAnswer): boolean {
    const w = this.#waiting.get(requestId);
    if (!w) return false;
    if (!w.send) {
      // An opened URL one: the person stops waiting for its completion (the agent has its answer).
      if (answer.action !== 'cancel') return false;
      this.#waiting.delete(requestId);
      this.changed(this.list);
      return true;
    }
    if (w.shown.request.mode === 'url' && answer.action === 'accept') {
      // The page is open: keep showing "waiting" until the agent's elicitation/complete.
      const send = w.send;
      this.#waiting.set(requestId, { shown: { ...w.shown, accepted: true } });
      this.changed(this.list);
      send(answer);
      return true;
    }
    return this.#end(requestId, answer);
  }

  /** The agent's `elicitation/complete`; false when no URL elicitation of ours has that id. */
  complete(elicitationId: string): boolean {
    for (const [id, w] of this.#waiting)
      if (w.shown.request.mode === 'url' && w.shown.request.elicitationId === elicitationId) {
        this.#waiting.delete(id);
        this.changed(this.list);
        return true;
      }
    return false;
  }

  /** Connection lost or closed: nothing waits for an answer that can no longer be sent. */
  cancelAll(): void {
    if (this.#waiting.size === 0) return;
    const all = [...this.#waiting.values()];
    this.#waiting.clear();
    this.changed(this.list);
    for (const w of all) w.send?.({ action: 'cancel' });
  }

  #end(requestId: string, answer: ElicitationAnswer): boolean {
    const w = this.#waiting.get(requestId);
    if (!w) return false;
    this.#waiting.delete(requestId);
    this.changed(this.list);
    w.send?.(answer);
    return w.send !== undefined;
  }
}
