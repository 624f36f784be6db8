import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { fake, FakeBrowserWindow } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron());
const autoUpdater = vi.hoisted(() => ({ on: vi.fn(), setFeedURL: vi.fn(), checkForUpdates: vi.fn() }));
vi.mock('electron-updater', () => ({ default: { autoUpdater } }));
const demo = vi.hoisted(() => ({ url: 'http://127.0.0.1:4567/acp', close: vi.fn(async () => undefined) }));
vi.mock('../../src/demo-agent/server', () => ({ startDemoAgent: vi.fn(async () => demo) }));

const userData = await mkdtemp(join(tmpdir(), 'acp-desk-support-'));
afterAll(() => rm(userData, { recursive: true, force: true }));
const trusted = { senderFrame: { parent: null, url: 'app://renderer/index.html' } };

function helpItem(label: string): MenuItemConstructorOptions {
  const template = fake.menu.built.at(-1) as MenuItemConstructorOptions[];
  const help = template.find((m) => m.role === 'help');
  const item = (help?.submenu as MenuItemConstructorOptions[]).find((i) => i.label === label);
  if (!item) throw new Error(`no Help item ${label}`);
  return item;
}

describe('the desktop shell: log, Help menu, support channels', () => {
  it('logs to <userData>/logs, installs the Help menu, opens the log folder, copies diagnostics, never updates in development', async () => {
    fake.app.userData = userData;
    process.env['ACP_DESK_UPDATE_FEED'] = 'https://releases.example/acp-desk';
    await import('../../src/main/index');
    await vi.waitFor(() => expect(FakeBrowserWindow.all).toHaveLength(1));
    const logDir = join(userData, 'logs');

    // The menu keeps Electron's standard roles and adds the three Help items.
    const roles = (fake.menu.built.at(-1) as MenuItemConstructorOptions[]).map((m) => m.role);
    expect(roles).toEqual(expect.arrayContaining(['editMenu', 'viewMenu', 'windowMenu', 'help']));
    expect(fake.menu.setApplicationMenu).toHaveBeenCalledWith(fake.menu.current);

    helpItem('Open Log Folder').click?.({} as never, undefined, {} as never);
    await vi.waitFor(() => expect(fake.shell.openPath).toHaveBeenCalledWith(logDir));
    const opened = await fake.ipcMain.handlers.get('app:openLogFolder')?.(trusted, undefined);
    expect(opened).toEqual({ ok: true, value: { path: logDir, opened: true } });
    fake.shell.openPath.mockResolvedValueOnce('Failed to open path');
    expect(await fake.ipcMain.handlers.get('app:openLogFolder')?.(trusted, undefined)).toEqual({
      ok: true,
      value: { path: logDir, opened: false },
    });

    helpItem('Copy Diagnostics').click?.({} as never, undefined, {} as never);
    await vi.waitFor(() => expect(fake.clipboard.writeText).toHaveBeenCalled());
    const text = fake.clipboard.writeText.mock.calls[0]![0];
    expect(text).toContain('ACP Desk 9.9.9-test (desktop app)');
    expect(text).toContain(`Log file: ${join(logDir, 'acp-desk.log')}`);
    expect(text).toContain(`Local demo agent: ${demo.url}`);
    expect(text).toContain('could not open the log folder');

    // Not packaged: the feed is ignored, electron-updater is never touched.
    const check = await fake.ipcMain.handlers.get('app:checkForUpdates')?.(trusted, undefined);
    expect(check).toMatchObject({
      ok: true,
      value: { state: 'unsupported', message: expect.stringContaining('development') },
    });
    helpItem('Check for Updates…').click?.({} as never, undefined, {} as never);
    expect(autoUpdater.setFeedURL).not.toHaveBeenCalled();
    expect(autoUpdater.checkForUpdates).not.toHaveBeenCalled();

    // The warning went to the file, as one JSON line.
    const file = join(logDir, 'acp-desk.log');
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).toMatch(/"level":"warn","scope":"main","msg":"could not open the log folder"/);
    delete process.env['ACP_DESK_UPDATE_FEED'];
    fake.app.emit('before-quit', { preventDefault: vi.fn() });
    await vi.waitFor(() => expect(fake.app.quit).toHaveBeenCalled());
  });
});
