/**
 * The IPC channels for bug reports and delivery (issue 10): diagnostics, the log folder and the
 * auto-updater. Core answers each (browser mode: the log folder's path, updates unsupported);
 * Electron main replaces the folder and update handlers with its shell's. Type-only apart from
 * the channel list (the preload imports it).
 */
import type { Diagnostics, LogFolder, RendererErrorReport, UpdateStatus } from '../domain/support';

export interface SupportContract {
  /** Versions, platform, endpoints without secrets and the last errors of the log, as text. */
  'app:diagnostics': { request: undefined; response: Diagnostics };
  /** Opens the log folder in the OS file manager where the host can (Electron), and says where it is. */
  'app:openLogFolder': { request: undefined; response: LogFolder };
  /** Starts an update check (downloading what it finds); answers the state right after. */
  'app:checkForUpdates': { request: undefined; response: UpdateStatus };
  /** The updater's state now (the renderer's starting point before `app:updateStatus` events). */
  'app:updateStatus': { request: undefined; response: UpdateStatus };
  /** A renderer error (uncaught, unhandled rejection, or a panel's error boundary) for the log file. */
  'app:reportError': { request: RendererErrorReport; response: null };
}

export const SUPPORT_CHANNELS = [
  'app:diagnostics',
  'app:openLogFolder',
  'app:checkForUpdates',
  'app:updateStatus',
  'app:reportError',
] as const satisfies readonly (keyof SupportContract)[];
