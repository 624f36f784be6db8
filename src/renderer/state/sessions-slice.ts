/**
 * Sessions as the renderer holds them: the history list, the live status of each endpoint,
 * and, for every session opened in this window, its state folded with the shared reducer
 * from pushed event batches. A batch that skips sequence numbers marks the session for a
 * resync from a snapshot instead of being applied. Pure.
 */
import type {
  EndpointStatus,
  SearchHit,
  SessionEventBatch,
  SessionSnapshot,
  SessionSummary,
} from '../../shared/domain/history';
import type { SessionState } from '../../shared/domain/session';
import { reduceAll } from '../../shared/session/reducer';
import type { ErrorText } from './error-text';

export interface SessionsSlice {
  readonly summaries: readonly SessionSummary[];
  readonly statuses: Readonly<Record<string, EndpointStatus>>;
  /** Folded state of each session opened in this window. */
  readonly byId: Readonly<Record<string, SessionState>>;
  /** The session shown in the chat view. */
  readonly activeId: string | null;
  /** Sessions whose pushed events had a gap; a snapshot is on its way. */
  readonly needsResync: Readonly<Record<string, true>>;
  /** The last failed action per session, as a sentence (cleared by the next success). */
  readonly errors: Readonly<Record<string, ErrorText | null>>;
  readonly search: {
    readonly query: string;
    readonly hits: readonly SearchHit[];
    readonly busy: boolean;
    readonly error: ErrorText | null;
  };
}

export const initialSessions: SessionsSlice = {
  summaries: [],
  statuses: {},
  byId: {},
  activeId: null,
  needsResync: {},
  errors: {},
  search: { query: '', hits: [], busy: false, error: null },
};

export function summariesReceived(s: SessionsSlice, summaries: readonly SessionSummary[]): SessionsSlice {
  return { ...s, summaries };
}

export function statusReceived(s: SessionsSlice, status: EndpointStatus): SessionsSlice {
  return { ...s, statuses: { ...s.statuses, [status.endpointId]: status } };
}

export function snapshotReceived(s: SessionsSlice, snapshot: SessionSnapshot): SessionsSlice {
  const id = snapshot.state.sessionId;
  const { [id]: _done, ...needsResync } = s.needsResync;
  const current = s.byId[id];
  // A snapshot older than what pushes already gave us is ignored.
  if (current && current.lastSeq > snapshot.lastSeq) return { ...s, needsResync };
  return { ...s, byId: { ...s.byId, [id]: snapshot.state }, needsResync };
}

/**
 * Folds pushed batches into the sessions this window holds. Returns the ids that need a
 * resync (their batch started after a gap).
 */
export function batchesReceived(
  s: SessionsSlice,
  batches: readonly SessionEventBatch[],
): { slice: SessionsSlice; resync: string[] } {
  let byId: Record<string, SessionState> | undefined;
  const resync: string[] = [];
  for (const b of batches) {
    const current = (byId ?? s.byId)[b.sessionId];
    if (!current || s.needsResync[b.sessionId]) continue;
    const first = b.events[0];
    if (first && first.seq > current.lastSeq + 1) {
      resync.push(b.sessionId);
      continue;
    }
    byId ??= { ...s.byId };
    byId[b.sessionId] = reduceAll(current, b.events);
  }
  const needsResync = resync.length
    ? { ...s.needsResync, ...Object.fromEntries(resync.map((id) => [id, true as const])) }
    : s.needsResync;
  return { slice: byId || resync.length ? { ...s, ...(byId ? { byId } : {}), needsResync } : s, resync };
}

export function activeChanged(s: SessionsSlice, activeId: string | null): SessionsSlice {
  return { ...s, activeId };
}

export function sessionError(s: SessionsSlice, sessionId: string, error: ErrorText | null): SessionsSlice {
  if ((s.errors[sessionId] ?? null) === error) return s;
  return { ...s, errors: { ...s.errors, [sessionId]: error } };
}

export function searchChanged(s: SessionsSlice, search: Partial<SessionsSlice['search']>): SessionsSlice {
  return { ...s, search: { ...s.search, ...search } };
}
