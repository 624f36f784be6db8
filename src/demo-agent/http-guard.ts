/**
 * Admission checks for the demo agent's local HTTP server, applied to every request and
 * WebSocket upgrade before the ACP transport sees it. A server on 127.0.0.1 is still
 * reachable from any web page the user opens: a Host check defeats DNS rebinding (the
 * page's hostname resolves to 127.0.0.1 but the Host header keeps the attacker's name), an
 * Origin check turns away cross-site requests, and an optional bearer token keeps other
 * local processes out.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface GuardConfig {
  /** True when the server is bound to a loopback address: Host must then be loopback too. */
  readonly loopbackOnly: boolean;
  /** The port the server actually listens on (known only after `listen`). */
  readonly port: () => number;
  /** When set, every request needs `Authorization: Bearer <token>`. */
  readonly token?: string;
}

export interface GuardRejection {
  readonly status: 401 | 403;
  readonly message: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** True for `localhost`, `127.x.y.z` and `::1` (with or without brackets). */
export function isLoopbackHostname(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** Returns why the request must be refused, or null to let it through. */
export function checkRequest(headers: IncomingHttpHeaders, config: GuardConfig): GuardRejection | null {
  const hostProblem = config.loopbackOnly ? checkHost(headers.host, config.port()) : null;
  if (hostProblem) return forbidden(hostProblem);
  const originProblem = checkOrigin(headers.origin, headers.host);
  if (originProblem) return forbidden(originProblem);
  if (config.token !== undefined && !hasBearer(headers.authorization, config.token)) {
    return {
      status: 401,
      message: 'Missing or wrong bearer token',
      headers: { 'WWW-Authenticate': 'Bearer realm="acp-desk-demo"' },
    };
  }
  return null;
}

function forbidden(message: string): GuardRejection {
  return { status: 403, message, headers: {} };
}

function parseAuthority(value: string): URL | null {
  try {
    return new URL(`http://${value}`);
  } catch {
    return null; // not host[:port]: the caller refuses the request
  }
}

function checkHost(host: string | undefined, port: number): string | null {
  const url = host ? parseAuthority(host) : null;
  if (!url || url.username || url.password || url.pathname !== '/') return 'Missing or malformed Host header';
  if (!isLoopbackHostname(url.hostname)) return 'Host header is not a loopback host';
  const hostPort = url.port === '' ? 80 : Number(url.port);
  return hostPort === port ? null : 'Host header names the wrong port';
}

function checkOrigin(origin: string | undefined, host: string | undefined): string | null {
  if (origin === undefined) return null;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    // An Origin that is not a URL (e.g. "null" from a sandboxed page) is refused like a foreign one.
    return 'Cross-origin requests are not allowed';
  }
  if (isLoopbackHostname(url.hostname) || (host !== undefined && url.host === host.toLowerCase())) return null;
  return 'Cross-origin requests are not allowed';
}

function hasBearer(authorization: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match?.[1]) return false;
  // Hash both sides so the comparison is constant-time regardless of length.
  const digest = (s: string): Buffer => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(match[1]), digest(token));
}
