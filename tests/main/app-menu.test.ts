import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { appMenuTemplate, installAppMenu } from '../../src/main/app-menu';
import { createDesktopSupport } from '../../src/main/support';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron());

const actions = () => ({ openLogFolder: vi.fn(), copyDiagnostics: vi.fn(), checkForUpdates: vi.fn() });
const helpOf = (t: MenuItemConstructorOptions[]) =>
  t.find((m) => m.role === 'help')?.submenu as MenuItemConstructorOptions[];

describe('the application menu', () => {
  it('keeps the standard roles and adds the Help items, each running its action', () => {
    const a = actions();
    const template = appMenuTemplate(a, 'linux');
    expect(template.map((m) => m.role)).toEqual(['fileMenu', 'editMenu', 'viewMenu', 'windowMenu', 'help']);
    const help = helpOf(template);
    expect(help.filter((i) => i.label).map((i) => i.label)).toEqual([
      'Open Log Folder',
      'Copy Diagnostics',
      'Check for Updates…',
    ]);
    for (const item of help) item.click?.({} as never, undefined, {} as never);
    expect(a.openLogFolder).toHaveBeenCalledTimes(1);
    expect(a.copyDiagnostics).toHaveBeenCalledTimes(1);
    expect(a.checkForUpdates).toHaveBeenCalledTimes(1);
  });

  it('on macOS starts with the app menu', () => {
    expect(appMenuTemplate(actions(), 'darwin')[0]).toEqual({ role: 'appMenu' });
  });

  it('installAppMenu sets the built menu as the application menu', () => {
    const built = { id: 'menu' };
    const menu = { buildFromTemplate: vi.fn(() => built), setApplicationMenu: vi.fn() };
    installAppMenu(menu, actions(), 'win32');
    expect(menu.setApplicationMenu).toHaveBeenCalledWith(built);
  });
});

describe('desktop support actions', () => {
  const deps = (openPath: (p: string) => Promise<string>, writeText = vi.fn(async () => undefined)) => ({
    shell: { openPath: vi.fn(openPath) },
    clipboard: { writeText },
    logDir: '/data/logs',
    diagnostics: async () => 'ACP Desk 1.0.0',
    logger: { warn: vi.fn(), error: vi.fn() },
  });

  it('opens the log folder with shell.openPath, and says when it could not', async () => {
    const ok = deps(async () => '');
    expect(await createDesktopSupport(ok).openLogFolder()).toEqual({ path: '/data/logs', opened: true });
    expect(ok.shell.openPath).toHaveBeenCalledWith('/data/logs');
    const failed = deps(async () => 'No application is registered');
    expect(await createDesktopSupport(failed).openLogFolder()).toEqual({ path: '/data/logs', opened: false });
    expect(failed.logger.warn).toHaveBeenCalledWith('could not open the log folder', {
      path: '/data/logs',
      reason: 'No application is registered',
    });
  });

  it('copies the diagnostics text to the clipboard; a refusal is logged', async () => {
    const d = deps(async () => '');
    expect(await createDesktopSupport(d).copyDiagnostics()).toBe(true);
    expect(d.clipboard.writeText).toHaveBeenCalledWith('ACP Desk 1.0.0');
    const refused = deps(
      async () => '',
      vi.fn(async () => {
        throw new Error('clipboard busy');
      }),
    );
    expect(await createDesktopSupport(refused).copyDiagnostics()).toBe(false);
    expect(refused.logger.error).toHaveBeenCalled();
  });
});
