/**
 * Pure URL decisions behind the security handlers (no Electron import, so they are unit tested
 * directly): which page is "ours", which links may leave the app, and the CSP we send.
 * Every check parses with `new URL`; string prefix tests are how allow-lists get bypassed.
 */
import { join } from 'node:path';
import { isLoopbackHost } from '../shared/domain/endpoint';

/** The privileged custom scheme the packaged renderer is served from (see app-protocol.ts). */
export const APP_SCHEME = 'app';
/** The one host of that scheme; `app://renderer` is the app's origin. */
export const APP_HOST = 'renderer';
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** The one page the window may show and the only origin IPC trusts. */
export interface AppPage {
  /** `app://renderer/index.html` in production, the dev-server URL in development. */
  readonly url: URL;
  /** The built renderer directory the app:// handler serves, or null when loading the dev server. */
  readonly rendererDir: string | null;
}

/**
 * Where the renderer lives. The dev-server URL is honoured only in an unpackaged app and only on
 * loopback, so an environment variable can never point a shipped app (and IPC trust) at the web.
 * Otherwise the bundle is served from app:// (never file://, whose extra privileges are fused off).
 */
export function resolveAppPage(mainDir: string, packaged: boolean, devUrl: string | undefined): AppPage {
  const dev = !packaged && devUrl ? parseUrl(devUrl) : null;
  if (dev && dev.protocol === 'http:' && isLoopbackHost(dev.hostname)) return { url: dev, rendererDir: null };
  return { url: new URL(APP_INDEX_URL), rendererDir: join(mainDir, '../renderer') };
}

export function parseUrl(raw: unknown): URL | null {
  if (typeof raw !== 'string') return null;
  try {
    return new URL(raw);
  } catch {
    return null; // not a URL: every caller refuses null
  }
}

/**
 * Is `candidate` on our own origin: `app://renderer` in production, the dev server's origin in
 * development? Compared as scheme + host (with port), because WHATWG URL gives a non-special
 * scheme like app: an opaque "null" origin. Credentials in the URL never match.
 */
export function isAppUrl(candidate: string, page: AppPage): boolean {
  const url = parseUrl(candidate);
  if (!url || url.username || url.password) return false;
  return url.protocol === page.url.protocol && url.host === page.url.host;
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
 * The renderer's CSP: the app:// handler's header, and the same policy as index.html's meta tag.
 * With a dev server it also allows that server's WebSocket for HMR plus inline scripts/styles, which Vite needs in dev for the React Refresh
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
