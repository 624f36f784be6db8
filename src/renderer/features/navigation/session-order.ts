/**
 * The order sessions are shown in: grouped under their endpoint (in the endpoint list's
 * order), newest activity first. Next/previous session walks this order. Pure.
 */
import type { SavedEndpoint } from '../../../shared/domain/endpoint';
import type { SessionSummary } from '../../../shared/domain/history';

const EMPTY: readonly SessionSummary[] = [];

export function newestFirst(list: readonly SessionSummary[]): SessionSummary[] {
  return [...list].sort((a, b) => b.lastActivity - a.lastActivity);
}

/** Each endpoint's sessions, newest first. */
export function sessionsByEndpoint(
  summaries: readonly SessionSummary[],
): ReadonlyMap<string, readonly SessionSummary[]> {
  const out = new Map<string, SessionSummary[]>();
  for (const s of newestFirst(summaries)) {
    const list = out.get(s.endpointId);
    if (list) list.push(s);
    else out.set(s.endpointId, [s]);
  }
  return out;
}

export function sessionsOf(
  grouped: ReadonlyMap<string, readonly SessionSummary[]>,
  endpointId: string,
): readonly SessionSummary[] {
  return grouped.get(endpointId) ?? EMPTY;
}

/** Session ids in display order: saved endpoints first, then sessions of removed endpoints. */
export function orderedSessionIds(
  endpoints: readonly Pick<SavedEndpoint, 'id'>[],
  summaries: readonly SessionSummary[],
): string[] {
  const grouped = sessionsByEndpoint(summaries);
  const known = new Set(endpoints.map((e) => e.id));
  const ids = endpoints.flatMap((e) => sessionsOf(grouped, e.id).map((s) => s.sessionId));
  for (const [endpointId, list] of grouped) if (!known.has(endpointId)) ids.push(...list.map((s) => s.sessionId));
  return ids;
}

/** The session `delta` steps from `current` (wrapping); the first or last one when none is current. */
export function stepSessionId(ids: readonly string[], current: string | null, delta: 1 | -1): string | null {
  if (ids.length === 0) return null;
  const at = current === null ? -1 : ids.indexOf(current);
  if (at < 0) return (delta === 1 ? ids[0] : ids[ids.length - 1]) ?? null;
  return ids[(at + delta + ids.length) % ids.length] ?? null;
}
