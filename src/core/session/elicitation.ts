/**
 * Session-scoped elicitations (issue 14): each `elicitation/create` of a session waits here
 * for the user's answer. Every one ends: answered by the user, cancelled with the turn, on
 * disconnect or close (the runtime's cancelAllPermissions), or when the agent withdraws the
 * request (its abort signal).
 */
import type { CreateElicitationResponse } from '@agentclientprotocol/sdk';
import type { PermissionResolver, SessionEvent, SessionState } from '../../shared/domain/session';
import {
  elicitationRequestSchema,
  type ElicitationAnswer,
  type ElicitationRequest,
} from '../../shared/elicitation/schema';

interface Host {
  readonly sessionId: string;
  readonly state: SessionState;
  append(event: SessionEvent): unknown;
}

/** The agent's request as ACP Desk will show it, or why it is refused (then answered `decline`). */
export function parseElicitation(
  params: unknown,
): { ok: true; request: ElicitationRequest } | { ok: false; why: string } {
  const r = elicitationRequestSchema.safeParse(params);
  if (r.success) return { ok: true, request: r.data };
  const issue = r.error.issues[0];
  return { ok: false, why: `${issue?.path.join('.') || 'request'}: ${issue?.message ?? 'invalid'}` };
}

export class ElicitationWaiters {
  readonly #waiters = new Map<string, (r: CreateElicitationResponse) => void>();
  #seq = 0;

  constructor(private readonly host: Host) {}

  /** Records the request in the session and waits; the returned id is what the user answers. */
  wait(request: ElicitationRequest, answer: (r: CreateElicitationResponse) => void, signal: AbortSignal): string {
    const requestId = `${this.host.sessionId}#elicit-${++this.#seq}-${Date.now().toString(36)}`;
    this.#waiters.set(requestId, answer);
    this.host.append({ type: 'elicitation_requested', requestId, request });
    signal.addEventListener('abort', () => this.resolve(requestId, { action: 'cancel' }, 'agent'), { once: true });
    if (this.host.state.turn.status === 'cancelling') this.resolve(requestId, { action: 'cancel' }, 'cancel');
    return requestId;
  }

  /** Answers one pending elicitation; false if it is not (or no longer) waiting. */
  resolve(requestId: string, answer: ElicitationAnswer, by: PermissionResolver): boolean {
    const send = this.#waiters.get(requestId);
    if (!send) return false;
    this.#waiters.delete(requestId);
    this.host.append({ type: 'elicitation_resolved', requestId, action: answer.action, by });
    send(answer);
    return true;
  }

  /** The agent finished a URL-mode elicitation. */
  complete(elicitationId: string): void {
    this.host.append({ type: 'elicitation_completed', elicitationId });
  }

  /** Turn cancelled, connection lost, session closed: nothing waits forever. */
  cancelAll(by: PermissionResolver): void {
    for (const id of [...this.#waiters.keys()]) this.resolve(id, { action: 'cancel' }, by);
    // Accepted URL elicitations no longer wait for a completion that may never come.
    for (const p of Object.values(this.host.state.elicitations ?? {}))
      if (p.accepted && p.request.mode === 'url') this.complete(p.request.elicitationId);
  }

  get size(): number {
    return this.#waiters.size;
  }
}
