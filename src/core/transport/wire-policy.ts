/**
 * What every wire outcome means, in one place: an HTTP status on a stream GET, a POST or the
 * initialize POST, a network error, a stream that ended or went silent, a WebSocket close code
 * or a refused upgrade. Pure (no I/O, no clock), so the whole table is unit-tested
 * (tests/unit/transport/wire-policy.test.ts) and every link applies the same rules:
 *
 * - `retry`   same connection: re-open the stream with backoff (the connection is still ours);
 * - `wait`    the message never reached the server: it waits and goes out again, nothing lost;
 * - `rebuild` the connection is gone (404/410, a closed WebSocket): the supervisor rebuilds it;
 * - `auth`    credentials were refused: stop and tell the user, retrying cannot help;
 * - `fatal`   the server will not serve this request as configured (a redirect, another 4xx):
 *             stop this lane with a sentence that says what to change;
 * - `fail`    this one request failed; the connection is fine (a 5xx, a 413 on a POST);
 * - `next-profile` the handshake's answer says "not this profile": try the other one;
 * - `reauthorize` a 401 while the transport holds dynamic credentials (OAuth) it has not yet
 *             refreshed for this request: ask for new ones once, then send the request again
 *             (a 401 request was not accepted, so that is not a re-send); a second 401, or
 *             credentials that cannot be refreshed, is `auth`.
 */
import { neverDelivered } from './delivery';
import type { LinkFailureKind } from './link';
import { isRedirect, redirectMessage } from './redirects';
import { PROXY_AUTH_REFUSED } from './tls-errors';

export type Verdict =
  | { action: 'ok' }
  /** `refused`: nothing listens (the connect was refused); retrying soon costs the server nothing. */
  | { action: 'retry'; reason: string; status?: number; refused?: boolean }
  | { action: 'wait'; reason: string; status?: number }
  | { action: 'rebuild'; reason: string; status?: number }
  | { action: 'auth'; reason: string; status: number }
  | { action: 'fatal'; reason: string; status?: number }
  | { action: 'fail'; kind: LinkFailureKind; reason: string; status?: number }
  | { action: 'next-profile'; reason: string; status: number }
  | { action: 'reauthorize'; reason: string; status: 401 };

/**
 * Where a request stands with dynamic credentials: `refreshable` — a 401 may be answered by
 * refreshing them (once); `refreshed` — it already carries refreshed ones, so a 401 is final.
 * Absent: the transport has no dynamic credentials and a 401 is final, as before.
 */
export type Credentials = 'refreshable' | 'refreshed';

/** Why the transport stopped when dynamic credentials were refused and could not be refreshed. */
export const SIGN_IN_AGAIN = 'the server refused the credentials (HTTP 401); sign in again';

/** Dynamic credentials were refused and `unauthorized()` said they cannot be refreshed. */
export function onCredentialsRefused(): Extract<Verdict, { action: 'auth' }> {
  return { action: 'auth', status: 401, reason: SIGN_IN_AGAIN };
}

/**
 * A 401/403 answer. With dynamic credentials a 401 is refreshed once (`reauthorize`) and then
 * final with `SIGN_IN_AGAIN`; a 403 (and any refusal without them) is final with `reason`.
 */
function refusedCredentials(
  status: 401 | 403,
  credentials: Credentials | undefined,
  reason: string,
): Extract<Verdict, { action: 'auth' | 'reauthorize' }> {
  if (status === 401 && credentials === 'refreshable')
    return { action: 'reauthorize', status, reason: 'the server refused the credentials (HTTP 401); refreshing them' };
  if (status === 401 && credentials === 'refreshed') return onCredentialsRefused();
  return { action: 'auth', status, reason };
}

export type WireContext = 'stream' | 'post' | 'handshake';

/**
 * The backoff ceiling while nothing listens at all: a refused connect is answered by the
 * server's kernel, not by the server, so a restarting agent is found within a second of
 * listening again, with no load on it (the attempt budget still applies).
 */
export const REFUSED_RETRY_CAP_MS = 1_000;

/** Statuses on POST initialize that mean "this URL does not speak the HTTP profile". */
const REFUSES_HTTP = new Set([400, 404, 405, 406, 415, 426, 501]);

/** Statuses worth retrying on the same connection (the server or a proxy is busy or restarting). */
function transient(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

function bodyHint(body: string, max = 160): string {
  const t = body.trim();
  return t ? `: ${t.slice(0, max)}` : '';
}

export interface HttpAnswer {
  status: number;
  /** The Content-Type header, lower-cased or not. */
  contentType?: string | null;
  location?: string | null;
  /** A capped excerpt of the body, for the message. */
  body?: string;
  /** Dynamic credentials, when the transport has them (what a 401 means depends on it). */
  credentials?: Credentials;
}

/** The answer to a stream GET (the connection stream or a session's). */
export function onStreamAnswer(a: HttpAnswer, url: string, lane: string): Verdict {
  const { status } = a;
  const body = a.body ?? '';
  if (status === 200) {
    const type = a.contentType ?? '';
    if (type.toLowerCase().includes('text/event-stream')) return { action: 'ok' };
    return { action: 'retry', reason: `expected text/event-stream, got ${type || 'no content type'}` };
  }
  if (isRedirect(status)) return { action: 'fatal', status, reason: redirectMessage(status, a.location ?? null, url) };
  if (status === 404 || status === 410)
    return {
      action: 'rebuild',
      status,
      reason: `the server no longer knows this connection (HTTP ${status} on ${lane})`,
    };
  if (status === 401 || status === 403)
    return refusedCredentials(status, a.credentials, `the server refused the credentials (HTTP ${status})`);
  if (status === 409)
    return { action: 'retry', status, reason: 'HTTP 409: previous stream reader still held by the server' };
  if (transient(status)) return { action: 'retry', status, reason: `HTTP ${status}` };
  return {
    action: 'fatal',
    status,
    reason: `the server rejected the stream request (HTTP ${status}${bodyHint(body, 120)})`,
  };
}

/** The answer to a POST that carries a message (not initialize). */
export function onPostAnswer(a: HttpAnswer, url: string): Verdict {
  const { status } = a;
  const body = a.body ?? '';
  if (status >= 200 && status < 300) return { action: 'ok' };
  if (isRedirect(status))
    return { action: 'fail', kind: 'http', status, reason: redirectMessage(status, a.location ?? null, url) };
  // The server does not know the connection, so it did not take the message: it waits for
  // the rebuilt connection (and the connection is rebuilt).
  if (status === 404 || status === 410) return { action: 'wait', status, reason: `HTTP ${status}: connection unknown` };
  if (status === 401 || status === 403)
    return refusedCredentials(status, a.credentials, `The server refused the credentials (HTTP ${status}).`);
  if (status === 413)
    return {
      action: 'fail',
      kind: 'too-large',
      status,
      reason: 'The server refused the message as too large (HTTP 413).',
    };
  return { action: 'fail', kind: 'http', status, reason: `The server answered HTTP ${status}${bodyHint(body, 200)}` };
}

/** The answer to POST initialize. `ok` means: read the JSON-RPC body. */
export function onHandshakeAnswer(a: HttpAnswer, url: string): Verdict {
  const { status } = a;
  const body = a.body ?? '';
  if (status === 200) return { action: 'ok' };
  if (isRedirect(status))
    return { action: 'fail', kind: 'http', status, reason: redirectMessage(status, a.location ?? null, url) };
  if (status === 401 || status === 403)
    return refusedCredentials(status, a.credentials, `The server refused the credentials (HTTP ${status}).`);
  if (REFUSES_HTTP.has(status))
    return { action: 'next-profile', status, reason: `POST initialize answered HTTP ${status}${bodyHint(body, 200)}` };
  return {
    action: 'fail',
    kind: 'http',
    status,
    reason: `POST initialize answered HTTP ${status}${bodyHint(body, 200)}`,
  };
}

/** A fetch that threw. `timedOut` is our own deadline; `stopped` means we aborted it on purpose. */
export function onNetworkError(
  context: WireContext,
  error: unknown,
  detail: string,
  flags: { timedOut?: boolean; stopped?: boolean; timeoutSeconds?: number } = {},
): Verdict {
  if (flags.stopped) return { action: 'fail', kind: 'closed', reason: 'The connection is closed.' };
  if (context === 'stream')
    return {
      action: 'retry',
      reason: `could not open the stream: ${detail}`,
      ...(neverDelivered(error) ? { refused: true } : {}),
    };
  if (flags.timedOut)
    return {
      action: 'fail',
      kind: 'timeout',
      reason: `The server did not answer within ${flags.timeoutSeconds ?? '?'} s.`,
    };
  if (neverDelivered(error))
    return context === 'post'
      ? { action: 'wait', reason: `The server could not be reached, nothing was sent: ${detail}` }
      : { action: 'fail', kind: 'network', reason: `Could not reach the server: ${detail}` };
  return { action: 'fail', kind: 'network', reason: `Could not reach the server: ${detail}` };
}

/** An open stream that ended: every way of ending is retried on the same connection. */
export function onStreamEnded(
  how: 'eof' | 'idle' | 'error',
  detail: { idleSeconds?: number; error?: string } = {},
): Verdict {
  if (how === 'eof') return { action: 'retry', reason: 'the server ended the stream' };
  if (how === 'idle')
    return { action: 'retry', reason: `no bytes for ${detail.idleSeconds ?? '?'} s (half-open connection?)` };
  return { action: 'retry', reason: `stream broke: ${detail.error ?? 'unknown error'}` };
}

/** A WebSocket that closed under us (not by our own close()). */
export function onWebSocketClose(
  code: number,
  reason: string,
  maxMessageBytes: number,
): Extract<Verdict, { action: 'auth' | 'rebuild' }> {
  const why =
    code === 1009
      ? `a message exceeded the ${maxMessageBytes}-byte limit`
      : `closed with code ${code}${reason ? ` (${reason})` : ''}`;
  if (code === 1008 && /auth/i.test(reason)) return { action: 'auth', status: 401, reason: `the WebSocket ${why}` };
  return { action: 'rebuild', reason: `the WebSocket ${why}` };
}

/** An HTTP answer to the WebSocket upgrade other than 101. */
export function onUpgradeRefused(
  status: number,
  body: string,
  credentials?: Credentials,
): Extract<Verdict, { action: 'auth' | 'reauthorize' | 'next-profile' }> {
  if (status === 401 || status === 403)
    return refusedCredentials(status, credentials, `The server refused the credentials (HTTP ${status}).`);
  // https-proxy-agent replays a refused CONNECT as the upgrade's answer.
  if (status === 407) return { action: 'next-profile', status, reason: PROXY_AUTH_REFUSED };
  return {
    action: 'next-profile',
    status,
    reason: `The WebSocket upgrade was refused (HTTP ${status}${bodyHint(body, 160)}).`,
  };
}
