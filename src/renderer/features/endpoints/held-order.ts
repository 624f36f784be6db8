/**
 * Holding the sidebar's session order while the person points at or works in the list: rows
 * must not jump under the cursor because another session had activity. Pure.
 */
import type { SessionSummary } from '../../../shared/domain/history';

/** Session ids per endpoint, in the order shown when the hold began. */
export type HeldOrder = ReadonlyMap<string, readonly string[]>;

export function snapshotOrder(grouped: ReadonlyMap<string, readonly SessionSummary[]>): HeldOrder {
  return new Map([...grouped].map(([endpointId, list]) => [endpointId, list.map((s) => s.sessionId)]));
}

/**
 * `grouped` (newest first) rearranged into the held order: sessions known at the hold keep
 * their places (with their fresh data), gone ones drop out, new ones follow at the end.
 * Without a hold, `grouped` as it is.
 */
export function applyHeldOrder(
  grouped: ReadonlyMap<string, readonly SessionSummary[]>,
  held: HeldOrder | null,
): ReadonlyMap<string, readonly SessionSummary[]> {
  if (!held) return grouped;
  const out = new Map<string, readonly SessionSummary[]>();
  for (const [endpointId, list] of grouped) {
    const order = held.get(endpointId);
    if (!order) {
      out.set(endpointId, list);
      continue;
    }
    const rank = new Map(order.map((id, i) => [id, i]));
    const known = list.filter((s) => rank.has(s.sessionId));
    known.sort((a, b) => rank.get(a.sessionId)! - rank.get(b.sessionId)!);
    out.set(endpointId, [...known, ...list.filter((s) => !rank.has(s.sessionId))]);
  }
  return out;
}
