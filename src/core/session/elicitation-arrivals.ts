/**
 * How `elicitation/create` and `elicitation/complete` reach sessions (issue 14). A
 * session-scoped request becomes an arrival in wire order; a request-scoped one (no session)
 * goes to the endpoint (`requestScoped`, a dialog on the endpoint's pages), or is answered
 * `decline` when nothing shows those; an invalid or oversized one is answered `decline` (with
 * the reason kept for the session, if it has one). `elicitation/complete` carries no session,
 * so the router remembers which session each URL elicitation belongs to; one it does not know
 * is the endpoint's.
 */
import type { CompleteElicitationNotification, CreateElicitationResponse } from '@agentclientprotocol/sdk';
import type { ElicitationRequest } from '../../shared/elicitation/schema';
import { parseElicitation } from './elicitation';

export type ElicitationArrival =
  | {
      kind: 'elicitation';
      sessionId: string;
      /** The validated request, or why it was refused. */
      request: ElicitationRequest | { invalid: string };
      signal: AbortSignal;
      answer: (r: CreateElicitationResponse) => void;
    }
  | { kind: 'elicitation_complete'; sessionId: string; elicitationId: string };

const REMEMBERED = 256;

export class ElicitationRouter {
  readonly #urlSessions = new Map<string, string>();

  /**
   * `shown` false: nothing can show an elicitation, so each is declined on arrival.
   * `requestScoped`: where a valid request without a session waits for its answer.
   */
  constructor(
    private readonly shown = true,
    private readonly requestScoped?: (
      request: ElicitationRequest,
      signal: AbortSignal,
      answer: (r: CreateElicitationResponse) => void,
    ) => void,
  ) {}

  request(
    params: unknown,
    signal: AbortSignal,
    answer: (r: CreateElicitationResponse) => void,
  ): ElicitationArrival | undefined {
    const sessionId =
      typeof params === 'object' && params !== null && typeof (params as { sessionId?: unknown }).sessionId === 'string'
        ? (params as { sessionId: string }).sessionId
        : undefined;
    if (!this.shown || (!sessionId && !this.requestScoped)) {
      answer({ action: 'decline' });
      return undefined;
    }
    const parsed = parseElicitation(params);
    if (!sessionId) {
      if (parsed.ok) this.requestScoped!(parsed.request, signal, answer);
      else answer({ action: 'decline' });
      return undefined;
    }
    if (parsed.ok && parsed.request.mode === 'url') {
      this.#urlSessions.set(parsed.request.elicitationId, sessionId);
      if (this.#urlSessions.size > REMEMBERED) this.#urlSessions.delete(this.#urlSessions.keys().next().value!);
    }
    return {
      kind: 'elicitation',
      sessionId,
      request: parsed.ok ? parsed.request : { invalid: parsed.why },
      signal,
      answer,
    };
  }

  complete(params: CompleteElicitationNotification): ElicitationArrival | undefined {
    const sessionId = this.#urlSessions.get(params.elicitationId);
    if (!sessionId) return undefined;
    this.#urlSessions.delete(params.elicitationId);
    return { kind: 'elicitation_complete', sessionId, elicitationId: params.elicitationId };
  }
}
