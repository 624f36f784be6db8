/**
 * Elicitation events folded into the session (issue 14): a request becomes pending and gets an
 * `elicitation` entry in the timeline (in its tool call's card when it names one); an answer
 * removes it from the pending ones and records the outcome on the entry, except that an
 * accepted URL-mode one stays pending until the agent's `elicitation/complete`.
 */
import type { Entry, SessionEvent, SessionEventEnvelope, SessionState } from '../domain/session';
import { addEntry, replaceEntry } from './timeline';

type Ev<T extends SessionEvent['type']> = Extract<SessionEvent, { type: T }>;
type ElicitationEntry = Extract<Entry, { kind: 'elicitation' }>;

/** The card the request names, if it has one: the newest card of that toolCallId. */
function cardOf(s: SessionState, toolCallId: string | null | undefined): string | undefined {
  if (!toolCallId) return undefined;
  const key = s.toolCallKeys?.[toolCallId] ?? toolCallId;
  return s.toolCalls[key] ? key : undefined;
}

function patchEntry(s: SessionState, entryId: string | undefined, patch: Partial<ElicitationEntry>): SessionState {
  const entry = entryId ? s.entries[entryId] : undefined;
  if (entry?.kind !== 'elicitation') return s;
  const t = replaceEntry({ entryIds: s.entryIds, entries: s.entries }, { ...entry, ...patch });
  return { ...s, entries: t.entries };
}

export function requestElicitation(
  s: SessionState,
  e: Ev<'elicitation_requested'>,
  env: SessionEventEnvelope,
): SessionState {
  const id = `e${env.seq}`;
  const cardKey = cardOf(s, e.request.toolCallId);
  const entry: Entry = {
    kind: 'elicitation',
    id,
    requestId: e.requestId,
    request: e.request,
    ...(cardKey !== undefined ? { cardKey } : {}),
    at: env.at,
  };
  // Live input, not agent history: always the shown timeline, also while a replay is folded.
  const t = addEntry({ entryIds: s.entryIds, entries: s.entries }, entry);
  const card = cardKey !== undefined ? s.toolCalls[cardKey] : undefined;
  return {
    ...s,
    entryIds: t.entryIds,
    entries: t.entries,
    ...(card && cardKey !== undefined
      ? { toolCalls: { ...s.toolCalls, [cardKey]: { ...card, elicitations: [...(card.elicitations ?? []), id] } } }
      : {}),
    elicitations: {
      ...s.elicitations,
      [e.requestId]: { requestId: e.requestId, request: e.request, at: env.at, entryId: id },
    },
  };
}

export function resolveElicitation(s: SessionState, e: Ev<'elicitation_resolved'>): SessionState {
  const pending = s.elicitations?.[e.requestId];
  if (!pending) return s;
  const recorded = patchEntry(s, pending.entryId, { outcome: e.action, by: e.by });
  const { [e.requestId]: _gone, ...rest } = s.elicitations ?? {};
  if (pending.request.mode === 'url' && e.action === 'accept')
    return { ...recorded, elicitations: { ...rest, [e.requestId]: { ...pending, accepted: true } } };
  return { ...recorded, elicitations: rest };
}

export function completeElicitation(s: SessionState, e: Ev<'elicitation_completed'>): SessionState {
  const found = Object.values(s.elicitations ?? {}).find(
    (p) => p.request.mode === 'url' && p.request.elicitationId === e.elicitationId,
  );
  if (!found) return s;
  const recorded = patchEntry(s, found.entryId, { completed: true });
  const { [found.requestId]: _gone, ...rest } = s.elicitations ?? {};
  return { ...recorded, elicitations: rest };
}
