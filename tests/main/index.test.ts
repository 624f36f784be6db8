import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { INVOKE_CHANNELS } from '../../src/shared/ipc/contract';
import { fake, FakeBrowserWindow } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron());

const demo = vi.hoisted(() => ({
  url: 'http://127.0.0.1:4567/acp',
  wsUrl: 'ws://127.0.0.1:4567/acp',
  port: 4567,
  close: vi.fn(async () => undefined),
}));
const startDemoAgent = vi.hoisted(() => vi.fn(async (_options?: { host?: string; port?: number }) => demo));
vi.mock('../../src/demo-agent/server', () => ({ startDemoAgent }));

const userData = await mkdtemp(join(tmpdir(), 'acp-desk-main-'));
afterAll(() => rm(userData, { recursive: true, force: true }));

/** The renderer URL main trusts when not on the dev server (served from src/main/../renderer). */
const appUrl = 'app://renderer/index.html';

describe('src/main/index.ts composition root', () => {
  it('wires lock, sandbox, services, IPC, window and shutdown', async () => {
    fake.app.userData = userData;
    await import('../../src/main/index');

    expect(fake.app.requestSingleInstanceLock).toHaveBeenCalled();
    expect(fake.app.enableSandbox).toHaveBeenCalled();
    // app:// gets its privileges before ready (the fake throws otherwise) and is served after it.
    expect(fake.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    await vi.waitFor(() => expect(FakeBrowserWindow.all).toHaveLength(1));

    const [win] = FakeBrowserWindow.all;
    expect(win?.loaded).toEqual([appUrl]);
    const serve = fake.protocol.handlers.get('app');
    const index = await serve?.(new Request(appUrl));
    expect(index?.status).toBe(200);
    expect(index?.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index?.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await index?.text()).toContain('<div id="root">');
    expect(win?.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true });
    expect(startDemoAgent).toHaveBeenCalledWith({ host: '127.0.0.1', port: 0 });
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
    expect(fake.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled();

    // Through the real pipeline: the trusted top frame sees the seeded demo endpoint.
    const list = fake.ipcMain.handlers.get('endpoints:list');
    const result = (await list?.({ senderFrame: { parent: null, url: appUrl } }, undefined)) as {
      ok: boolean;
      value: { endpoints: Array<{ url: string }> };
    };
    expect(result.ok).toBe(true);
    expect(result.value.endpoints.map((e) => e.url)).toContain(demo.url);
    const info = await fake.ipcMain.handlers.get('app:info')?.(
      { senderFrame: { parent: null, url: appUrl } },
      undefined,
    );
    expect(info).toMatchObject({
      ok: true,
      value: { host: 'electron', version: '9.9.9-test', demoAgentUrl: demo.url },
    });

    // app:attention is main's own handler (core's answers null): the dock badge follows the count,
    // and an untrusted frame is refused before anything happens.
    const attention = fake.ipcMain.handlers.get('app:attention');
    const report = { count: 1, waiting: [], finished: [] };
    expect(await attention?.({ senderFrame: { parent: null, url: appUrl } }, report)).toEqual({
      ok: true,
      value: null,
    });
    expect(fake.app.setBadgeCount).toHaveBeenCalledWith(1);
    const refused = await attention?.({ senderFrame: { parent: null, url: 'https://evil.example/' } }, report);
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(fake.app.setBadgeCount).toHaveBeenCalledTimes(1);

    // Second instance focuses the existing window.
    fake.app.emit('second-instance', {}, [], '/');
    expect(win?.focused).toBe(true);

    // Quit: held once until services are disposed, then app.quit() again; re-entry is ignored.
    const first = { preventDefault: vi.fn() };
    fake.app.emit('before-quit', first);
    fake.app.emit('before-quit', { preventDefault: vi.fn() });
    expect(first.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(fake.app.quit).toHaveBeenCalledTimes(1));
    expect(demo.close).toHaveBeenCalledTimes(1);
    expect(fake.ipcMain.handlers.size).toBe(0);
    const final = { preventDefault: vi.fn() };
    fake.app.emit('before-quit', final);
    expect(final.preventDefault).not.toHaveBeenCalled();

    fake.app.emit('window-all-closed');
    expect(fake.app.quit).toHaveBeenCalledTimes(2);
  });
});
