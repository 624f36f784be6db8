/**
 * What the transport tells the rest of the app, in two streams:
 * - `TrafficRecord`: the wire, ordered and sequence-numbered (HTTP exchanges, stream and
 *   WebSocket lifecycle, every JSON-RPC message), already redacted. Feeds the inspector,
 *   `acp-desk chat --traffic` and exports.
 * - `TransportEvent`: what a person must be told (reconnects, gaps, recovery, auth), also
 *   delivered in order with the JSON-RPC messages so the UI can mark them in place.
 */
export type Lane = 'connection' | `session:${string}` | 'websocket' | 'post';

/** The session id of a `session:<id>` lane; undefined for every other lane. */
export function sessionOfLane(lane: string | undefined): string | undefined {
  return lane?.startsWith('session:') ? lane.slice('session:'.length) : undefined;
}

export type StreamPhase =
  'opening' | 'open' | 'closed' | 'error' | 'reconnect-scheduled' | 'conflict' | 'idle-timeout' | 'gap' | 'given-up';

interface RecordBase {
  /** Strictly increasing per transport. */
  readonly seq: number;
  /** Epoch milliseconds. */
  readonly at: number;
  /** Which physical connection (1 for the first, +1 per rebuild). */
  readonly generation: number;
  readonly connectionId?: string;
}

export interface HttpExchangeRecord extends RecordBase {
  readonly kind: 'http';
  readonly method: string;
  readonly url: string;
  readonly lane: Lane;
  readonly status?: number;
  readonly httpVersion?: string;
  readonly requestHeaders: Readonly<Record<string, string>>;
  readonly responseHeaders?: Readonly<Record<string, string>>;
  readonly requestBytes: number;
  /** For streams: bytes read so far when the record was written. */
  readonly responseBytes?: number;
  /** Time to response headers. */
  readonly ttfbMs?: number;
  readonly durationMs?: number;
  /** Short error text (network error, timeout, non-2xx body excerpt). */
  readonly error?: string;
}

export interface StreamRecord extends RecordBase {
  readonly kind: 'stream';
  readonly lane: Lane;
  readonly phase: StreamPhase;
  readonly attempt?: number;
  readonly delayMs?: number;
  readonly status?: number;
  readonly detail?: string;
}

export interface WebSocketRecord extends RecordBase {
  readonly kind: 'websocket';
  readonly phase: 'connecting' | 'open' | 'closed' | 'error' | 'ping-timeout';
  readonly url: string;
  readonly code?: number;
  readonly reason?: string;
  readonly requestHeaders?: Readonly<Record<string, string>>;
  readonly responseHeaders?: Readonly<Record<string, string>>;
}

export interface MessageRecord extends RecordBase {
  readonly kind: 'message';
  readonly direction: 'in' | 'out';
  readonly lane: Lane;
  /** UTF-8 bytes of the JSON text on the wire. */
  readonly size: number;
  /** The parsed JSON-RPC message (redacted). */
  readonly message: unknown;
  /** Set when the transport itself wrote the message (recovery), not the app. */
  readonly internal?: boolean;
}

export interface TrafficErrorRecord extends RecordBase {
  readonly kind: 'error';
  readonly lane?: Lane;
  readonly message: string;
  /** The offending input, truncated. */
  readonly excerpt?: string;
}

export type TrafficRecord = HttpExchangeRecord | StreamRecord | WebSocketRecord | MessageRecord | TrafficErrorRecord;

/** Distributive Omit, so record unions keep their discriminants. */
export type TrafficRecordInput = TrafficRecord extends infer R
  ? R extends TrafficRecord
    ? Omit<R, 'seq' | 'at' | 'generation' | 'connectionId'>
    : never
  : never;

export type ConnectionState =
  | 'idle'
  | 'connecting'
  | 'connected'
  | 'reconnecting'
  | 'recovering'
  /** The fast retry budget is spent; the connection is rebuilt every few seconds (or on Retry now). */
  | 'offline'
  | 'failed'
  | 'closed';

export type TransportEvent =
  | {
      readonly type: 'state';
      readonly state: ConnectionState;
      readonly detail?: string;
      /** Offline: how often the connection is rebuilt on its own. */
      readonly retryEveryMs?: number;
    }
  | { readonly type: 'profile'; readonly profile: 'http' | 'ws'; readonly reason: string }
  | {
      readonly type: 'reconnect';
      readonly lane: Lane;
      readonly sessionId?: string;
      readonly attempt: number;
      readonly delayMs: number;
      readonly reason: string;
    }
  | {
      /** A stream was down and is back: anything the server wrote into the dead socket is lost. */
      readonly type: 'gap';
      readonly lane: Lane;
      readonly sessionId?: string;
      readonly droppedAt: number;
      readonly durationMs: number;
      readonly reason: string;
      /** Requests whose responses were due on this lane while it was down. */
      readonly inFlight: readonly string[];
      readonly mayHaveLost: string;
    }
  | { readonly type: 'connection-lost'; readonly reason: string }
  | { readonly type: 'reattaching'; readonly sessionId: string; readonly via: 'session/resume' | 'session/load' }
  | { readonly type: 'recovered'; readonly sessionId: string; readonly via: 'session/resume' | 'session/load' }
  | { readonly type: 'detached'; readonly sessionId: string; readonly reason: string }
  | { readonly type: 'auth-required'; readonly status: number; readonly detail: string }
  | { readonly type: 'request-failed'; readonly method: string; readonly id?: string | number; readonly reason: string }
  /** A message the server has not accepted yet waits for the connection (it is not lost). */
  | { readonly type: 'waiting'; readonly method: string; readonly sessionId?: string; readonly reason: string }
  | { readonly type: 'error'; readonly message: string };
