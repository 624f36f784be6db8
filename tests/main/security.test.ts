import { pathToFileURL } from 'node:url';
import type { App, Session } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { installSecurityHandlers } from '../../src/main/security';
import {
  contentSecurityPolicy,
  isAppUrl,
  isSafeExternalUrl,
  resolveAppPage,
  type AppPage,
} from '../../src/main/url-policy';
import { fake, FakeWebContents, resetFake } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron());

const prodPage = resolveAppPage('/app/out/main', true, undefined);
const devPage = resolveAppPage('/app/out/main', false, 'http://localhost:5173');
const appUrl = 'app://renderer/index.html';
const logger = { warn: vi.fn() };

function navEvent(url: string) {
  return { url, preventDefault: vi.fn() };
}

describe('pure URL policy', () => {
  it.each([
    ['https://agentclientprotocol.com/docs', true],
    ['http://localhost:8080/', true],
    ['http://127.0.0.1:3000/x', true],
    ['http://[::1]:3000/', true],
    ['http://example.com/', false],
    ['http://127.0.0.1.evil.example/', false],
    ['https://user:pw@example.com/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['smb://server/share', false],
    ['not a url', false],
  ])('isSafeExternalUrl(%s) = %s', (url, expected) => {
    expect(isSafeExternalUrl(url)).toBe(expected);
  });

  it('treats only the app:// origin (prod) or the dev origin (dev) as our page', () => {
    expect(isAppUrl(appUrl, prodPage)).toBe(true);
    expect(isAppUrl(`${appUrl}#/settings`, prodPage)).toBe(true);
    expect(isAppUrl('app://renderer/assets/index.js', prodPage)).toBe(true);
    expect(isAppUrl(pathToFileURL('/etc/passwd').href, prodPage)).toBe(false);
    expect(isAppUrl(pathToFileURL('/app/out/renderer/index.html').href, prodPage)).toBe(false);
    expect(isAppUrl('app://other/index.html', prodPage)).toBe(false);
    expect(isAppUrl('app://user@renderer/index.html', prodPage)).toBe(false);
    expect(isAppUrl('appx://renderer/index.html', prodPage)).toBe(false);
    expect(isAppUrl('http://renderer/index.html', prodPage)).toBe(false);
    expect(isAppUrl('https://evil.example/', prodPage)).toBe(false);
    expect(isAppUrl('http://localhost:5173/src/main.tsx', devPage)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', devPage)).toBe(false);
  });

  it('builds a strict CSP, relaxed only for the dev server', () => {
    const prod = contentSecurityPolicy(null);
    expect(prod).toContain("script-src 'self';");
    expect(prod).toContain("object-src 'none'");
    expect(prod).not.toContain('unsafe');
    expect(contentSecurityPolicy(new URL('http://localhost:5173'))).toContain("connect-src 'self' ws://localhost:5173");
  });
});

describe('installSecurityHandlers', () => {
  beforeEach(() => resetFake());

  function install(page: AppPage): FakeWebContents {
    installSecurityHandlers(
      fake.app as unknown as App,
      fake.session.defaultSession as unknown as Session,
      page,
      logger,
    );
    const contents = new FakeWebContents();
    fake.app.emit('web-contents-created', {}, contents);
    return contents;
  }

  it('prevents navigation (main frame and subframes) and redirects away from our page', () => {
    const contents = install(prodPage);
    const away = navEvent('https://evil.example/');
    contents.emit('will-navigate', away);
    expect(away.preventDefault).toHaveBeenCalled();
    const redirect = navEvent('https://evil.example/landing');
    contents.emit('will-redirect', redirect);
    expect(redirect.preventDefault).toHaveBeenCalled();
    const iframe = { ...navEvent('https://evil.example/frame'), isMainFrame: false };
    contents.emit('will-frame-navigate', iframe);
    expect(iframe.preventDefault).toHaveBeenCalled();
    const home = navEvent(appUrl);
    contents.emit('will-navigate', home);
    expect(home.preventDefault).not.toHaveBeenCalled();
    const file = navEvent(pathToFileURL('/app/out/renderer/index.html').href);
    contents.emit('will-navigate', file);
    expect(file.preventDefault).toHaveBeenCalled();
  });

  it('denies every window.open and opens only safe URLs externally', () => {
    const contents = install(prodPage);
    const open = (url: string) => contents.windowOpenHandler?.({ url });
    expect(open('https://agentclientprotocol.com/')).toEqual({ action: 'deny' });
    expect(open('http://127.0.0.1:9000/')).toEqual({ action: 'deny' });
    expect(open('http://example.com/')).toEqual({ action: 'deny' });
    expect(open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(fake.shell.openExternal.mock.calls.map(([u]) => u)).toEqual([
      'https://agentclientprotocol.com/',
      'http://127.0.0.1:9000/',
    ]);
  });

  it('prevents webview attachment', () => {
    const contents = install(prodPage);
    const event = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', event, {}, { src: 'https://evil.example/' });
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('denies every permission request and check', () => {
    install(prodPage);
    const { request, check } = fake.session.defaultSession.handlers;
    const callback = vi.fn();
    request?.({}, 'media', callback, {});
    request?.({}, 'notifications', callback, {});
    expect(callback.mock.calls).toEqual([[false], [false]]);
    expect(check?.({}, 'clipboard-read', 'file://', {})).toBe(false);
  });

  it('adds the CSP header to dev-server responses only', () => {
    install(devPage);
    const onHeaders = fake.session.defaultSession.handlers.headers;
    const callback = vi.fn();
    onHeaders?.({ url: 'http://localhost:5173/', responseHeaders: { 'Content-Type': ['text/html'] } }, callback);
    expect(callback.mock.calls[0]?.[0].responseHeaders['Content-Security-Policy'][0]).toContain("default-src 'self'");
    onHeaders?.({ url: 'https://elsewhere.example/', responseHeaders: {} }, callback);
    expect(callback.mock.calls[1]?.[0]).toEqual({});
  });

  it('registers no header rewriting in production (the app:// handler sends the CSP)', () => {
    install(prodPage);
    expect(fake.session.defaultSession.webRequest.onHeadersReceived).not.toHaveBeenCalled();
  });
});
