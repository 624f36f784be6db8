import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { resolveAppPage } from '../../src/main/url-policy';
import { createMainWindow, secureWebPreferences } from '../../src/main/window';
import { fake, resetFake, type FakeBrowserWindow } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron());

describe('main window', () => {
  beforeEach(() => resetFake());

  it('uses the hardened web preferences and the CJS preload', () => {
    const page = resolveAppPage('/app/out/main', true, undefined);
    const win = createMainWindow(page, () => undefined) as unknown as FakeBrowserWindow;
    const prefs = win.options.webPreferences ?? {};
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    });
    expect(String(prefs.preload)).toMatch(/[/\\]preload[/\\]index\.cjs$/);
    expect(prefs).toEqual(secureWebPreferences());
  });

  it('shows only on ready-to-show, with a theme-matching background', () => {
    fake.nativeTheme.shouldUseDarkColors = false;
    const win = createMainWindow(
      resolveAppPage('/app/out/main', true, undefined),
      () => undefined,
    ) as unknown as FakeBrowserWindow;
    expect(win.options.show).toBe(false);
    expect(win.options.backgroundColor).toBe('#f7f7f8');
    expect(win.shown).toBe(false);
    win.emit('ready-to-show');
    expect(win.shown).toBe(true);
  });

  it('loads app://renderer in production (never file://) and the loopback dev server only when unpackaged', () => {
    const prod = resolveAppPage('/app/out/main', true, 'http://localhost:5173/');
    expect(prod.rendererDir).toBe(join('/app/out/main', '../renderer'));
    expect(prod.url.href).toBe('app://renderer/index.html');
    const win = createMainWindow(prod, () => undefined) as unknown as FakeBrowserWindow;
    expect(win.loaded).toEqual(['app://renderer/index.html']);

    const unpackaged = resolveAppPage('/app/out/main', false, undefined);
    expect(unpackaged.url.href).toBe('app://renderer/index.html');

    const dev = resolveAppPage('/app/out/main', false, 'http://localhost:5173/');
    expect(dev).toMatchObject({ rendererDir: null });
    const devWin = createMainWindow(dev, () => undefined) as unknown as FakeBrowserWindow;
    expect(devWin.loaded).toEqual(['http://localhost:5173/']);

    // A non-loopback "dev server" is ignored even when unpackaged.
    expect(resolveAppPage('/app/out/main', false, 'https://evil.example/').rendererDir).not.toBeNull();
  });
});
