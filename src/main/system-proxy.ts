/**
 * "System proxy" in the desktop app is Chromium's answer: the OS proxy settings, WPAD and PAC
 * scripts, as `session.resolveProxy` reports them for each URL. The core asks it for every
 * request and WebSocket upgrade of an endpoint set to the system proxy (net-proxy.ts); browser
 * mode and the CLI read HTTPS_PROXY / HTTP_PROXY / NO_PROXY instead.
 */
import type { Session } from 'electron';
import { useSystemProxyResolver } from '../core/transport/net-proxy';

export function installSystemProxy(session: Pick<Session, 'resolveProxy'>): void {
  useSystemProxyResolver((url) => session.resolveProxy(url));
}
