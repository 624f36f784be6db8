/**
 * What a traffic record is, at a glance: the JSON-RPC shape of a message record (request,
 * response, notification, error response), its id, method, session and `sessionUpdate` kind.
 * Derived once per record and cached (records are immutable), so queries, pairing, folding
 * and summaries never walk a message twice.
 */
import { sessionOfLane, type Lane, type MessageRecord, type TrafficRecord } from '../domain/traffic';
import { isRecord } from '../util/is-record';
import { metaOf } from './record-meta';

export type MessageShape = 'request' | 'response' | 'notification' | 'error' | 'invalid';

export interface MessageInfo {
  readonly shape: MessageShape;
  /** JSON-RPC id (requests, responses, error responses). */
  readonly id?: string | number | undefined;
  /** JSON-RPC method (requests and notifications). */
  readonly method?: string | undefined;
  /** `params.sessionId`, else `result.sessionId`, else the session of a `session:<id>` lane. */
  readonly sessionId?: string | undefined;
  /** `params.update.sessionUpdate` of a `session/update` notification. */
  readonly updateKind?: string | undefined;
  /** The tool call a message is about: `params.update.toolCallId` or `params.toolCall.toolCallId` (permission). */
  readonly toolCallId?: string | undefined;
  readonly errorCode?: number | undefined;
  readonly errorMessage?: string | undefined;
}

/** The session a lane belongs to (`session:<id>`), if any. */
export function laneSession(lane: Lane | undefined): string | undefined {
  return sessionOfLane(lane);
}

/**
 * The lane a record is shown (and queried) in: WebSocket lifecycle records have none of their
 * own and get `websocket`; every HTTP POST is in the `post` lane, whatever session it carried
 * (its record's `lane` names that session; `session:` still matches it).
 */
export function laneOf(record: TrafficRecord): Lane | undefined {
  if (record.kind === 'websocket') return 'websocket';
  if (record.kind === 'http' && record.method === 'POST') return 'post';
  return record.lane;
}

export function messageInfo(record: MessageRecord): MessageInfo {
  const meta = metaOf(record);
  return (meta.info ??= derive(record));
}

function derive(record: MessageRecord): MessageInfo {
  const m = record.message;
  const laneSid = laneSession(record.lane);
  if (!isRecord(m)) return { shape: 'invalid', sessionId: laneSid };
  const id = typeof m.id === 'string' || typeof m.id === 'number' ? m.id : undefined;
  const method = typeof m.method === 'string' ? m.method : undefined;
  const params = isRecord(m.params) ? m.params : undefined;
  const sessionId =
    (typeof params?.sessionId === 'string' ? params.sessionId : undefined) ??
    (isRecord(m.result) && typeof m.result.sessionId === 'string' ? m.result.sessionId : undefined) ??
    laneSid;
  if (method !== undefined) {
    const update = isRecord(params?.update) ? params.update : undefined;
    const updateKind = typeof update?.sessionUpdate === 'string' ? update.sessionUpdate : undefined;
    const toolCall = isRecord(params?.toolCall) ? params.toolCall : update;
    const toolCallId = typeof toolCall?.toolCallId === 'string' ? toolCall.toolCallId : undefined;
    const shape = id !== undefined ? 'request' : 'notification';
    return { shape, id, method, sessionId, updateKind, ...(toolCallId !== undefined ? { toolCallId } : {}) };
  }
  if ('error' in m) {
    const err = isRecord(m.error) ? m.error : {};
    return {
      shape: 'error',
      id,
      sessionId,
      errorCode: typeof err.code === 'number' ? err.code : undefined,
      errorMessage: typeof err.message === 'string' ? err.message : undefined,
    };
  }
  return { shape: 'result' in m && id !== undefined ? 'response' : 'invalid', id, sessionId };
}

/** `1.5 kB`, `812 B`, `3.2 MB` (SI units, like the query language's `size:>10kb`). */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1_000_000) return `${(n / 1000).toFixed(1)} kB`;
  return `${(n / 1_000_000).toFixed(1)} MB`;
}

/** `340 ms`, `2.4 s`, `3.0 min`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}

/** Wire bytes of a record: message size, or request + response bytes of an HTTP exchange. */
export function sizeOf(record: TrafficRecord): number {
  switch (record.kind) {
    case 'message':
      return record.size;
    case 'http':
      return record.requestBytes + (record.responseBytes ?? 0);
    case 'error':
      return record.excerpt?.length ?? 0;
    default:
      return 0;
  }
}
