/**
 * Serves the built renderer (out/renderer) to the browser. Only files that resolve inside the
 * renderer directory — after URL decoding and after following symlinks — are ever read;
 * everything else is a 404, so `/../package.json` or `%2e%2e%2f` cannot reach the repository.
 */
import { createReadStream, promises as fs } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

/**
 * The renderer's CSP (src/renderer/index.html meta), sent as a header too: a header also
 * covers error responses and makes frame-ancestors effective (ignored in a meta tag).
 * connect-src is `'self'` in both: CSP Level 3 matches a same-host, same-port ws: URL against
 * an http: 'self', which Chromium implements, so the bridge WebSocket passes while other local
 * ports do not. (The Electron window needs no WebSocket at all; it talks IPC.)
 */
export const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers on every response of the web host, including errors. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': WEB_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Writes a short plain-text answer with the security headers (used for every error). */
export function sendText(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  const body = `${text}\n`;
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(body);
}

export type StaticLookup =
  | {
      readonly ok: true;
      readonly file: string;
      readonly size: number;
      /** An HTML page (decided on the resolved file, so `/./index.html` counts too). */
      readonly isDocument: boolean;
    }
  | { readonly ok: false; readonly status: 400 | 404; readonly message: string };

/**
 * Maps a raw request target to a file inside `rootDir` (which must already be a realpath).
 * Exported for tests; `serveStatic` is the normal entry.
 */
export async function lookupStatic(rootDir: string, rawUrl: string): Promise<StaticLookup> {
  const rawPath = rawUrl.split('?', 1)[0] ?? '';
  if (!rawPath.startsWith('/')) return { ok: false, status: 400, message: 'Bad request path.' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    // A malformed %-escape is the client's error, answered as such; nothing to log.
    return { ok: false, status: 400, message: 'Bad request path.' };
  }
  if (decoded.includes('\0')) return { ok: false, status: 400, message: 'Bad request path.' };
  const candidate = path.resolve(rootDir, `.${decoded === '/' ? '/index.html' : decoded}`);
  const notFound = { ok: false, status: 404, message: 'Not found.' } as const;
  if (!isInside(rootDir, candidate)) return notFound;
  try {
    const real = await fs.realpath(candidate);
    if (!isInside(rootDir, real)) return notFound;
    const stat = await fs.stat(real);
    if (!stat.isFile()) return notFound;
    return { ok: true, file: real, size: stat.size, isDocument: contentTypeOf(real).startsWith('text/html') };
  } catch {
    // Missing or unreadable file: a 404 is the whole answer (realpath/stat say nothing more useful).
    return notFound;
  }
}

function isInside(root: string, candidate: string): boolean {
  return candidate.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/** Why a found file may not be served to this request (null: serve it). */
export type StaticGate = (found: {
  readonly isDocument: boolean;
}) => { readonly status: number; readonly message: string } | null;

/**
 * Answers one GET/HEAD for a renderer file, after `gate` allowed it (the web host requires the
 * token for documents only). Documents are never cached: they are what the token guards.
 */
export async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  rootDir: string,
  gate: StaticGate,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendText(res, 405, 'Method not allowed.', { Allow: 'GET, HEAD' });
    return;
  }
  const found = await lookupStatic(rootDir, req.url ?? '/');
  if (!found.ok) {
    sendText(res, found.status, found.message);
    return;
  }
  const denied = gate(found);
  if (denied) {
    sendText(res, denied.status, denied.message);
    return;
  }
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': contentTypeOf(found.file),
    'Content-Length': String(found.size),
    'Cache-Control': found.isDocument ? 'no-store' : 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(found.file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
