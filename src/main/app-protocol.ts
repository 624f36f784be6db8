/**
 * The app:// scheme the packaged renderer is served from (Electron security checklist item 18),
 * so the window never runs from file:// and the `grantFileProtocolExtraPrivileges` fuse can be
 * off. `app://renderer/<path>` maps to a file inside the built renderer directory and nothing
 * else: dot segments, encoded slashes or backslashes, NUL, drive letters, other hosts and
 * symlinks leading out are all a 404. HTML gets the strict CSP as a header.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Protocol } from 'electron';
import { contentTypeOf } from '../core/web/static-files';
import { APP_HOST, APP_SCHEME, contentSecurityPolicy } from './url-policy';

/** Privileges of app:// (call before `app` is ready): a standard, secure origin that can fetch. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves `rendererDir` on app:// (call once `app` is ready, before the window loads). */
export function serveAppScheme(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  const root = fs.realpath(rendererDir);
  // Swallowed here and re-raised per request: a missing bundle answers 404, not an unhandled rejection.
  root.catch(() => undefined);
  protocol.handle(APP_SCHEME, (request) => appSchemeResponse(request, root));
}

/** Headers on every app:// response; the CSP also covers error pages. */
const BASE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': contentSecurityPolicy(null),
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-cache',
};

const RAW_APP_URL = new RegExp(`^${APP_SCHEME}://${APP_HOST}(/[^?#]*)?(?:[?#].*)?$`);

/**
 * Answers one app:// request. Exported for tests; `root` is the renderer directory's realpath.
 * The path is checked on the raw URL text, before anything normalises `..` away.
 */
export async function appSchemeResponse(
  request: { readonly url: string; readonly method: string },
  root: Promise<string> | string,
): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return text(405, 'Method not allowed.', { Allow: 'GET, HEAD' });
  }
  const relative = relativePathOf(request.url);
  if (relative === null) return text(404, 'Not found.');
  let file: string;
  try {
    const rootDir = await root;
    const candidate = path.resolve(rootDir, ...relative);
    if (!isInside(rootDir, candidate)) return text(404, 'Not found.');
    file = await fs.realpath(candidate);
    if (!isInside(rootDir, file) || !(await fs.stat(file)).isFile()) return text(404, 'Not found.');
  } catch {
    // No such file (realpath/stat failed): a 404 is the whole answer for a bundle that lacks it.
    return text(404, 'Not found.');
  }
  const body = request.method === 'HEAD' ? null : await fs.readFile(file);
  return new Response(body, { status: 200, headers: { ...BASE_HEADERS, 'Content-Type': contentTypeOf(file) } });
}

/**
 * The decoded path segments of an `app://renderer/…` URL (`index.html` for the bare origin), or
 * null if the URL is anything else or any segment could step outside: `.`/`..` (also encoded),
 * empty segments, and segments that decode to a slash, a backslash, NUL or a drive letter colon.
 */
export function relativePathOf(rawUrl: string): string[] | null {
  const match = RAW_APP_URL.exec(rawUrl);
  if (!match) return null;
  const rawPath = match[1] ?? '/';
  if (rawPath === '/') return ['index.html'];
  const segments: string[] = [];
  for (const raw of rawPath.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null; // a malformed %-escape is refused like any other bad path (404)
    }
    if (segment === '' || segment === '.' || segment === '..' || /[/\\\0:]/.test(segment)) return null;
    segments.push(segment);
  }
  return segments;
}

function isInside(root: string, candidate: string): boolean {
  return candidate.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

function text(status: number, message: string, extra: Record<string, string> = {}): Response {
  return new Response(`${message}\n`, {
    status,
    headers: { ...BASE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', ...extra },
  });
}
