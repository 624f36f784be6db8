/** Past sessions grouped by endpoint for the history view. Pure. */
import type { SavedEndpoint } from '../../../shared/domain/endpoint';
import type { SearchHit, SessionSummary } from '../../../shared/domain/history';
import { sessionsByEndpoint } from '../navigation/session-order';

export interface HistoryGroup {
  readonly endpointId: string;
  readonly name: string;
  /** The endpoint was removed; its sessions stay readable. */
  readonly removed: boolean;
  readonly sessions: readonly SessionSummary[];
}

/** Saved endpoints first (in list order, only those with sessions), then removed ones. */
export function historyGroups(
  endpoints: readonly Pick<SavedEndpoint, 'id' | 'name'>[],
  summaries: readonly SessionSummary[],
): HistoryGroup[] {
  const grouped = sessionsByEndpoint(summaries);
  const known = new Set(endpoints.map((e) => e.id));
  const groups: HistoryGroup[] = [];
  for (const e of endpoints) {
    const sessions = grouped.get(e.id);
    if (sessions?.length) groups.push({ endpointId: e.id, name: e.name, removed: false, sessions });
  }
  for (const [endpointId, sessions] of grouped) {
    if (known.has(endpointId)) continue;
    groups.push({ endpointId, name: sessions[0]?.endpointName ?? 'Removed endpoint', removed: true, sessions });
  }
  return groups;
}

export interface HitGroup {
  readonly sessionId: string;
  readonly title: string | null;
  readonly endpointName: string;
  /** The newest hit's time. */
  readonly at: number;
  readonly hits: readonly SearchHit[];
}

/** Search hits per session, in the host's order (newest sessions first); titles from the session list. */
export function groupHits(
  hits: readonly SearchHit[],
  endpoints: readonly Pick<SavedEndpoint, 'id' | 'name'>[],
  summaries: readonly SessionSummary[],
): HitGroup[] {
  const groups = new Map<string, { title: string | null; endpointName: string; at: number; hits: SearchHit[] }>();
  for (const h of hits) {
    const group = groups.get(h.sessionId);
    if (group) {
      group.hits.push(h);
      group.at = Math.max(group.at, h.at);
      continue;
    }
    const summary = summaries.find((s) => s.sessionId === h.sessionId);
    groups.set(h.sessionId, {
      title: h.title || summary?.title || null,
      endpointName: endpoints.find((e) => e.id === h.endpointId)?.name ?? summary?.endpointName ?? 'Removed endpoint',
      at: h.at,
      hits: [h],
    });
  }
  return [...groups].map(([sessionId, g]) => ({ sessionId, ...g }));
}
