/**
 * Deny-by-default handlers from Electron's security checklist (items 5, 7, 11–15, 17): no
 * permissions, no navigation away from our page, no new windows or webviews, external links
 * only through a validated `shell.openExternal`, and a CSP header on dev-server responses.
 */
import { shell, type App, type Session, type WebContents } from 'electron';
import type { Logger } from '../core/log/logger';
import { contentSecurityPolicy, isAppUrl, isSafeExternalUrl, parseUrl, type AppPage } from './url-policy';

export { isAppUrl, isSafeExternalUrl, resolveAppPage, type AppPage } from './url-policy';

/** The slice of the app's logger the guards use. */
type SecurityLogger = Pick<Logger, 'warn'>;

/** The parts of a frame the sender check reads (Electron's `WebFrameMain` satisfies it). */
export interface FrameLike {
  readonly parent: unknown;
  readonly url: string;
}

/**
 * IPC sender check (checklist 17, VS Code's `validatedIpcMain`): only the top frame showing our
 * own page may call the host. Iframes and any other URL are refused, whatever they load; in
 * production that means app://renderer/index.html itself, not just any file of the bundle.
 */
export function isTrustedSender(frame: FrameLike | null | undefined, page: AppPage): boolean {
  if (!frame || frame.parent !== null || !isAppUrl(frame.url, page)) return false;
  return page.rendererDir === null || parseUrl(frame.url)?.pathname === page.url.pathname;
}

/** Installs every session- and app-level guard once, before the first window is created. */
export function installSecurityHandlers(app: App, ses: Session, page: AppPage, logger: SecurityLogger): void {
  ses.setPermissionRequestHandler((_contents, permission, callback) => {
    logger.warn(`denied permission request: ${permission}`);
    callback(false);
  });
  ses.setPermissionCheckHandler(() => false);
  installCspHeader(ses, page);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, page, logger));
}

/** Per-webContents guards: navigation (any frame), redirects, window.open and webview attachment. */
export function hardenWebContents(contents: WebContents, page: AppPage, logger: SecurityLogger): void {
  const stayHome = (event: { url: string; preventDefault(): void }) => {
    if (isAppUrl(event.url, page)) return;
    event.preventDefault();
    logger.warn(`blocked navigation to ${event.url.slice(0, 200)}`);
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  // will-navigate covers only the main frame; subframes must stay on our page too.
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) stayHome(event);
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url, logger);
    return { action: 'deny' };
  });
}

/** The only path to `shell.openExternal` (checklist 15); never exposed on the bridge. */
export function openExternalSafely(url: string, logger: SecurityLogger): boolean {
  if (!isSafeExternalUrl(url)) {
    logger.warn(`refused to open external URL ${url.slice(0, 200)}`);
    return false;
  }
  shell.openExternal(url).catch((e: unknown) => logger.warn('shell.openExternal failed', { error: e }));
  return true;
}

/**
 * In production the app:// handler sends the CSP header itself (app-protocol.ts); the dev
 * server's responses get the same policy as a header here, relaxed only for HMR.
 */
function installCspHeader(ses: Session, page: AppPage): void {
  if (page.rendererDir !== null) return;
  const policy = contentSecurityPolicy(page.url);
  ses.webRequest.onHeadersReceived((details, callback) => {
    if (!isAppUrl(details.url, page)) return callback({});
    const headers = { ...details.responseHeaders, 'Content-Security-Policy': [policy] };
    callback({ responseHeaders: headers });
  });
}
