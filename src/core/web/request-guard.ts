/**
 * Who may talk to `acp-desk web`. The host listens on loopback, but loopback is not a trust
 * boundary for a browser: any web page the user visits can aim requests at 127.0.0.1, and a
 * DNS-rebinding page can even make them look same-origin. So every HTTP request and every
 * WebSocket upgrade passes these checks, in this order:
 *   1. Host header is exactly `127.0.0.1:PORT` or `localhost:PORT` (defeats DNS rebinding) → 421;
 *   2. an Origin header, if present, is exactly `http://127.0.0.1:PORT` / `http://localhost:PORT` → 403;
 *   3. documents (the HTML page) and the bridge upgrade need the secret token from `?token=` → 401;
 *      static assets (the public build output, no secrets) need no token, but a request another
 *      site started (`Sec-Fetch-Site: cross-site` or `same-site`) is refused → 403.
 *
 * There is no cookie. Browsers do not scope cookies by port, so a token cookie set by
 * 127.0.0.1:PORT would be sent to every other server on 127.0.0.1 the browser visits. The page
 * keeps the token in its own URL (a reload keeps it) and hands it to the bridge WebSocket.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export type GuardVerdict =
  { readonly ok: true } | { readonly ok: false; readonly status: 401 | 403 | 421; readonly message: string };

/**
 * `document`: an HTML page; `ws`: the bridge upgrade (both need the token);
 * `asset`: any other static file (no token, same-origin or direct requests only).
 */
export type GuardKind = 'document' | 'asset' | 'ws';

export interface RequestGuard {
  /** Host and Origin only: what every request must pass before anything is looked up. */
  checkSource(req: IncomingMessage): GuardVerdict;
  /** The full check for one kind of request (includes `checkSource`). */
  check(req: IncomingMessage, kind: GuardKind): GuardVerdict;
}

const OK: GuardVerdict = { ok: true };
/** `Sec-Fetch-Site` values that mean the request did not come from another site's page. */
const OWN_FETCH_SITES = new Set(['same-origin', 'none']);

/** Builds the guard for one listening port. */
export function createRequestGuard(options: { token: string; port: number; host: string }): RequestGuard {
  const { token, port } = options;
  const authorities = new Set([`127.0.0.1:${port}`, `localhost:${port}`, authorityOf(options.host, port)]);
  const origins = new Set([...authorities].map((a) => `http://${a}`));
  const expected = digest(token);
  const tokenMatches = (candidate: string | undefined) =>
    candidate !== undefined && timingSafeEqual(digest(candidate), expected);

  const checkSource = (req: IncomingMessage): GuardVerdict => {
    const host = req.headers.host?.toLowerCase();
    if (!host || !authorities.has(host)) return deny(421, 'Wrong Host header. Open the URL that acp-desk web printed.');
    const origin = req.headers.origin;
    if (origin !== undefined && !origins.has(origin)) return deny(403, 'Cross-origin requests are not allowed.');
    return OK;
  };

  return {
    checkSource,
    check(req, kind) {
      const source = checkSource(req);
      if (!source.ok) return source;
      if (kind === 'asset') {
        const site = req.headers['sec-fetch-site'];
        if (typeof site === 'string' && !OWN_FETCH_SITES.has(site.toLowerCase()))
          return deny(403, 'Cross-site requests are not allowed.');
        return OK;
      }
      if (tokenMatches(queryToken(req.url))) return OK;
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
