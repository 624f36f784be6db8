/**
 * The application menu: Electron's standard roles (so copy/paste, reload, zoom and window
 * shortcuts keep working) plus a Help menu with what a bug report needs (issue 10): open the
 * log folder, copy diagnostics, check for updates.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface AppMenuActions {
  openLogFolder(): void;
  copyDiagnostics(): void;
  checkForUpdates(): void;
}

/** The slice of Electron's `Menu` used here (a fake in tests). */
export interface MenuLike<M> {
  buildFromTemplate(template: MenuItemConstructorOptions[]): M;
  setApplicationMenu(menu: M | null): void;
}

export const HELP_ITEMS = {
  openLogFolder: 'Open Log Folder',
  copyDiagnostics: 'Copy Diagnostics',
  checkForUpdates: 'Check for Updates…',
} as const;

export function appMenuTemplate(actions: AppMenuActions, platform: NodeJS.Platform): MenuItemConstructorOptions[] {
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      { id: 'open-log-folder', label: HELP_ITEMS.openLogFolder, click: () => actions.openLogFolder() },
      { id: 'copy-diagnostics', label: HELP_ITEMS.copyDiagnostics, click: () => actions.copyDiagnostics() },
      { type: 'separator' },
      { id: 'check-for-updates', label: HELP_ITEMS.checkForUpdates, click: () => actions.checkForUpdates() },
    ],
  };
  return [
    ...(platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    help,
  ];
}

export function installAppMenu<M>(
  menu: MenuLike<M>,
  actions: AppMenuActions,
  platform: NodeJS.Platform = process.platform,
): void {
  menu.setApplicationMenu(menu.buildFromTemplate(appMenuTemplate(actions, platform)));
}
