/**
 * Pure URL decisions behind the security handlers (no Electron import, so they are unit tested
 * directly): which page is "ours", which links may leave the app, and the CSP we send.
 * Every check parses with `new URL`; string prefix tests are how allow-lists get bypassed.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The one page the window may show and the only origin IPC trusts. */
export interface AppPage {
  /** file:// URL of the bundled index.html in production, the dev-server URL in development. */
  readonly url: URL;
  /** Absolute path for `loadFile`, or null when loading the dev server. */
  readonly filePath: string | null;
}

/**
 * Where the renderer lives. The dev-server URL is honoured only in an unpackaged app and only on
 * loopback, so an environment variable can never point a shipped app (and IPC trust) at the web.
 */
export function resolveAppPage(mainDir: string, packaged: boolean, devUrl: string | undefined): AppPage {
  const dev = !packaged && devUrl ? parseUrl(devUrl) : null;
  if (dev && dev.protocol === 'http:' && isLoopbackHost(dev.hostname)) return { url: dev, filePath: null };
  const filePath = join(mainDir, '../renderer/index.html');
  return { url: pathToFileURL(filePath), filePath };
}

export function parseUrl(raw: unknown): URL | null {
  if (typeof raw !== 'string') return null;
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/** localhost, 127.0.0.0/8 and ::1 (WHATWG URL normalises shorthands like `127.1` first). */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Is `candidate` our own page? For file:// the origin is opaque ("null"), so compare the path
 * to the bundled index.html exactly; for the dev server compare the origin.
 */
export function isAppUrl(candidate: string, page: AppPage): boolean {
  const url = parseUrl(candidate);
  if (!url) return false;
  if (page.url.protocol === 'file:') {
    return url.protocol === 'file:' && url.host === page.url.host && url.pathname === page.url.pathname;
  }
  return url.origin === page.url.origin;
}

/**
 * May `shell.openExternal` receive this URL? Only https:, or http: to a loopback host (a local
 * agent's docs page), never with embedded credentials, never file:, javascript: or custom schemes.
 */
export function isSafeExternalUrl(raw: string): boolean {
  const url = parseUrl(raw);
  if (!url || url.username || url.password || !url.hostname) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

const BASE_POLICY: Record<string, string> = {
  'default-src': "'self'",
  'script-src': "'self'",
  'style-src': "'self'",
  'img-src': "'self' data: blob:",
  'font-src': "'self'",
  'connect-src': "'self'",
  'object-src': "'none'",
  'base-uri': "'none'",
  'form-action': "'none'",
  'frame-ancestors': "'none'",
};

/**
 * The renderer's CSP (same as its meta tag). With a dev server it also allows that server's
 * WebSocket for HMR plus inline scripts/styles, which Vite needs in dev for the React Refresh
 * preamble and injected CSS; production never gets those relaxations.
 */
export function contentSecurityPolicy(devServer: URL | null): string {
  const policy = { ...BASE_POLICY };
  if (devServer) {
    const ws = `ws://${devServer.host}`;
    policy['script-src'] = "'self' 'unsafe-inline'";
    policy['style-src'] = "'self' 'unsafe-inline'";
    policy['connect-src'] = `'self' ${ws}`;
  }
  return Object.entries(policy)
    .map(([k, v]) => `${k} ${v}`)
    .join('; ');
}
