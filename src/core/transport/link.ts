/**
 * A Link is one physical ACP connection: an HTTP connection id with its SSE streams, or one
 * WebSocket. It knows the wire; the supervisor (acp-transport.ts) knows the protocol state
 * and rebuilds a new Link when one is lost.
 */
import type { Lane, TrafficRecordInput, TransportEvent } from '../../shared/domain/traffic';
import type { BackoffPolicy } from './backoff';
import type { EndpointCookies } from './cookies';
import type { DynamicCredentials } from './credentials';
import type { AnyMessage, AnyRequest, AnyResponse } from './jsonrpc';
import type { Redactor } from './redact';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** The subset of the `ws` WebSocket constructor we use (headers on the upgrade need `ws`). */
export type WebSocketFactory = (
  url: string,
  options: { headers: Record<string, string>; maxPayload: number },
) => WsLike;

export interface WsLike {
  readonly readyState: number;
  on(event: 'open', cb: () => void): void;
  on(event: 'message', cb: (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => void): void;
  on(event: 'close', cb: (code: number, reason: Buffer) => void): void;
  on(event: 'error', cb: (err: Error) => void): void;
  on(event: 'pong', cb: () => void): void;
  on(event: 'upgrade', cb: (res: { headers: Record<string, string | string[] | undefined> }) => void): void;
  on(
    event: 'unexpected-response',
    cb: (
      req: unknown,
      res: {
        statusCode?: number;
        headers: Record<string, string | string[] | undefined>;
        on(e: 'data', cb: (c: Buffer) => void): void;
        on(e: 'end', cb: () => void): void;
      },
    ) => void,
  ): void;
  send(data: string, cb?: (err?: Error) => void): void;
  ping(): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export interface TransportLimits {
  /** Largest JSON-RPC message accepted from the agent (an SSE event or a WebSocket frame). */
  readonly maxMessageBytes: number;
  /** Largest POST body we send (the SDK server answers 413 above 16 MiB). */
  readonly maxRequestBytes: number;
  /** A stream with no bytes (keep-alives included) for this long is treated as dead. */
  readonly idleTimeoutMs: number;
  /** A POST without a status line after this long fails (the TS server may hold one ~60 s). */
  readonly postTimeoutMs: number;
  readonly connectTimeoutMs: number;
  /** WebSocket ping interval and how long to wait for its pong. */
  readonly pingIntervalMs: number;
  readonly pongTimeoutMs: number;
  readonly deleteTimeoutMs: number;
  readonly backoff: BackoffPolicy;
  /** Offline (the fast budget spent): how often the connection is rebuilt. */
  readonly offlineRetryMs: number;
}

export type LinkFailureKind =
  | 'refused-profile'
  | 'auth'
  | 'network'
  | 'timeout'
  | 'http'
  | 'not-acp'
  | 'connection-gone'
  | 'not-sent'
  | 'too-large'
  | 'closed';

/** Why a handshake or a send failed; `status`/`body` come from the HTTP response if any. */
export class LinkError extends Error {
  constructor(
    readonly kind: LinkFailureKind,
    message: string,
    readonly status?: number,
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'LinkError';
  }
}

/** What a Link reports up to the supervisor. */
export interface LinkHost {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly cookies: EndpointCookies;
  readonly redactor: Redactor;
  readonly limits: TransportLimits;
  readonly timers: Timers;
  readonly random: () => number;
  readonly fetch: FetchLike;
  readonly webSocket: WebSocketFactory;
  readonly generation: number;
  /**
   * Dynamic credentials (AcpTransportOptions.auth), shared by every link of the transport:
   * asked before each POST, stream open, DELETE and upgrade, refreshed once on a 401.
   */
  readonly credentials?: DynamicCredentials | undefined;
  /** Aborted when the transport closes: whatever a link still has in flight ends with it. */
  readonly stopped: AbortSignal;
  /**
   * A traffic record. For a message, `wire` is its exact JSON text as sent or received, when
   * the link has it: the traffic log then takes the text instead of a copy of the object.
   */
  record(input: TrafficRecordInput, connectionId?: string, wire?: string): void;
  /** A validated JSON-RPC message from the agent; `wire`: the JSON text it was parsed from. */
  deliver(message: AnyMessage, lane: Lane, size: number, wire?: string): void;
  event(event: TransportEvent): void;
  /** A response whose body was too large to read: fail the request it answers. */
  responseLost(id: string | number, reason: string): void;
  /** The link is unusable; the supervisor builds a new one (or stops, for `auth`). */
  lost(reason: string, kind: 'gone' | 'auth' | 'fatal'): void;
}

export interface Link {
  readonly kind: 'http' | 'ws';
  readonly connectionId: string | undefined;
  /** Performs `initialize`; resolves with the agent's response (which may be a JSON-RPC error). */
  handshake(initialize: AnyRequest): Promise<AnyResponse>;
  /** Sends one message; per-session order is preserved. Rejects with a LinkError. */
  send(message: AnyMessage, sessionId: string | undefined): Promise<void>;
  /** Opens (or waits for) the session's stream; a no-op on WebSocket. */
  openSession(sessionId: string): Promise<void>;
  closeSession(sessionId: string): void;
  /** Resolves once the session's stream has been quiet briefly (HTTP ordering barrier). */
  settle(sessionId: string): Promise<void>;
  close(options?: { terminate?: boolean }): Promise<void>;
}

export function headerRecord(h: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  h.forEach((v, k) => (out[k] = v));
  return out;
}

export function sleep(timers: Timers, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = timers.setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', done);
      timers.clearTimeout(t);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** UTF-8 size of a string without allocating a buffer. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
