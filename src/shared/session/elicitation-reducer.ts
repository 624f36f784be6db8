/**
 * Elicitation events folded into the session (issue 14): a request becomes pending; an answer
 * removes it, except an accepted URL-mode one, which waits for the agent's
 * `elicitation/complete`; the turn's end clears what the agent no longer waits for.
 */
import type { SessionEvent, SessionEventEnvelope, SessionState } from '../domain/session';

type Ev<T extends SessionEvent['type']> = Extract<SessionEvent, { type: T }>;

export function requestElicitation(
  s: SessionState,
  e: Ev<'elicitation_requested'>,
  env: SessionEventEnvelope,
): SessionState {
  return {
    ...s,
    elicitations: { ...s.elicitations, [e.requestId]: { requestId: e.requestId, request: e.request, at: env.at } },
  };
}

export function resolveElicitation(s: SessionState, e: Ev<'elicitation_resolved'>): SessionState {
  const pending = s.elicitations?.[e.requestId];
  if (!pending) return s;
  const { [e.requestId]: _gone, ...rest } = s.elicitations ?? {};
  if (pending.request.mode === 'url' && e.action === 'accept')
    return { ...s, elicitations: { ...rest, [e.requestId]: { ...pending, accepted: true } } };
  return { ...s, elicitations: rest };
}

export function completeElicitation(s: SessionState, e: Ev<'elicitation_completed'>): SessionState {
  const found = Object.values(s.elicitations ?? {}).find(
    (p) => p.request.mode === 'url' && p.request.elicitationId === e.elicitationId,
  );
  if (!found) return s;
  const { [found.requestId]: _gone, ...rest } = s.elicitations ?? {};
  return { ...s, elicitations: rest };
}
