/**
 * How `elicitation/create` and `elicitation/complete` reach sessions (issue 14). A
 * session-scoped request becomes an arrival in wire order; a request-scoped one (no session)
 * is answered `decline` (ACP Desk shows elicitations inside sessions only, and says so in its
 * capability comment); an invalid or oversized one is answered `decline` with the reason kept
 * for the session. `elicitation/complete` carries no session, so the router remembers which
 * session each URL elicitation belongs to.
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

  /** `shown` false: nothing can show an elicitation, so each is declined on arrival. */
  constructor(private readonly shown = true) {}

  request(
    params: unknown,
    signal: AbortSignal,
    answer: (r: CreateElicitationResponse) => void,
  ): ElicitationArrival | undefined {
    const sessionId =
      typeof params === 'object' && params !== null && typeof (params as { sessionId?: unknown }).sessionId === 'string'
        ? (params as { sessionId: string }).sessionId
        : undefined;
    if (!sessionId || !this.shown) {
      answer({ action: 'decline' });
      return undefined;
    }
    const parsed = parseElicitation(params);
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
