/** What an `AcpTransport` is built from. */
import type { EndpointCookies } from './cookies';
import type { AnyMessage } from './jsonrpc';
import type { FetchLike, Timers, TransportLimits, WebSocketFactory } from './link';

export type TransportProfileChoice = 'auto' | 'http' | 'ws';

/**
 * Credentials that change while a connection lives (OAuth access tokens). The transport asks for
 * the `Authorization` value before every POST, stream open and WebSocket upgrade, and on a 401
 * calls `unauthorized` once before it gives up with an auth failure.
 */
export interface TransportAuth {
  /** The `Authorization` header value to send now (e.g. `Bearer …`), refreshed ahead of expiry; undefined = none. */
  header(): Promise<string | undefined>;
  /**
   * A request was refused with 401; `challenge` is its `WWW-Authenticate`. Resolves true when a
   * retry may now succeed (the token was refreshed), false when the user must sign in again.
   */
  unauthorized(challenge: string | null): Promise<boolean>;
}

export interface AcpTransportOptions {
  readonly url: string;
  readonly profile?: TransportProfileChoice;
  /** For `auto`: the profile that worked last time, tried first. */
  readonly preferred?: 'http' | 'ws';
  readonly headers?: Readonly<Record<string, string>>;
  readonly secretHeaderNames?: readonly string[];
  readonly secretValues?: readonly string[];
  /** Dynamic credentials (OAuth); its header values are redacted like secret headers. */
  readonly auth?: TransportAuth;
  /** Shared per endpoint so cookies (load-balancer affinity) outlive connections. */
  readonly cookies?: EndpointCookies;
  readonly fetch: FetchLike;
  readonly webSocket: WebSocketFactory;
  readonly timers?: Timers;
  readonly random?: () => number;
  readonly limits?: Partial<TransportLimits>;
  /** Per-method request timeouts in ms; `null` = none. Defaults: prompt none, load 10 min, others 2 min. */
  readonly requestTimeoutMs?: Readonly<Record<string, number | null>>;
  readonly onProfile?: (profile: 'http' | 'ws') => void;
  /**
   * After a gap on a session's stream, a prompt whose session then stays silent this long is
   * ended as interrupted (its response may have been lost in the gap). Default 90 s.
   */
  readonly gapStallMs?: number;
  /** Sees each incoming message as the SDK takes it, in order; returns it (or a copy), or null to swallow it. */
  readonly inspect?: (message: AnyMessage) => AnyMessage | null;
}
