/**
 * Who may talk to `acp-desk web`. The host listens on loopback, but loopback is not a trust
 * boundary for a browser: any web page the user visits can aim requests at 127.0.0.1, and a
 * DNS-rebinding page can even make them look same-origin. So every HTTP request and every
 * WebSocket upgrade must pass three checks, in this order:
 *   1. Host header is exactly `127.0.0.1:PORT` or `localhost:PORT` (defeats DNS rebinding) → 421;
 *   2. an Origin header, if present, is exactly `http://127.0.0.1:PORT` / `http://localhost:PORT` → 403;
 *   3. the secret token, from `?token=` or (plain HTTP only) from the HttpOnly cookie → 401.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export type GuardVerdict =
  | { readonly ok: true; readonly tokenFrom: 'query' | 'cookie' }
  | { readonly ok: false; readonly status: 401 | 403 | 421; readonly message: string };

export interface RequestGuard {
  /** `ws` upgrades accept the token only from the query, as the web protocol specifies. */
  check(req: IncomingMessage, kind: 'http' | 'ws'): GuardVerdict;
  /** The Set-Cookie value that lets asset requests (which carry no query) through. */
  readonly setCookie: string;
}

/**
 * Builds the guard for one listening port. The cookie name carries the port because browsers
 * do not scope cookies by port: two instances on 127.0.0.1 must not overwrite each other.
 */
export function createRequestGuard(options: { token: string; port: number; host: string }): RequestGuard {
  const { token, port } = options;
  const authorities = new Set([`127.0.0.1:${port}`, `localhost:${port}`, authorityOf(options.host, port)]);
  const origins = new Set([...authorities].map((a) => `http://${a}`));
  const cookieName = `acp_desk_token_${port}`;
  const expected = digest(token);
  const tokenMatches = (candidate: string | undefined) =>
    candidate !== undefined && timingSafeEqual(digest(candidate), expected);

  return {
    setCookie: `${cookieName}=${token}; Path=/; HttpOnly; SameSite=Strict`,
    check(req, kind) {
      const host = req.headers.host?.toLowerCase();
      if (!host || !authorities.has(host))
        return deny(421, 'Wrong Host header. Open the URL that acp-desk web printed.');
      const origin = req.headers.origin;
      if (origin !== undefined && !origins.has(origin)) return deny(403, 'Cross-origin requests are not allowed.');
      if (tokenMatches(queryToken(req.url))) return { ok: true, tokenFrom: 'query' };
      if (kind === 'http' && tokenMatches(cookieValue(req.headers.cookie, cookieName)))
        return { ok: true, tokenFrom: 'cookie' };
      return deny(401, 'Missing or wrong token. Open the URL that acp-desk web printed.');
    },
  };
}

function deny(status: 401 | 403 | 421, message: string): GuardVerdict {
  return { ok: false, status, message };
}

function authorityOf(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host.toLowerCase()}:${port}`;
}

/** Hashing first gives equal-length inputs to timingSafeEqual and hides the token's length. */
function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

function queryToken(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const q = url.indexOf('?');
  if (q < 0) return undefined;
  return new URLSearchParams(url.slice(q + 1)).get('token') ?? undefined;
}

/** Reads one cookie by name; a malformed Cookie header simply yields nothing. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
