/**
 * Auto-update (issue 10) with electron-updater: a release feed from `ACP_DESK_UPDATE_FEED`
 * (an https URL of an electron-builder "generic" feed: latest.yml and the installers), none by
 * default and never in development. When there is one: check on start and on demand, download
 * what it finds with progress, install when the app quits. Every state change goes to the
 * windows (`app:updateChanged`) and to the log.
 */
import electronUpdater, { type AppUpdater } from 'electron-updater';
import type { UpdateStatus } from '../shared/domain/support';
import type { Logger } from '../core/log/logger';

/** What this module uses of electron-updater's `AppUpdater` (a fake in tests). */
export type AppUpdaterLike = Pick<
  AppUpdater,
  'autoDownload' | 'autoInstallOnAppQuit' | 'logger' | 'setFeedURL' | 'checkForUpdates' | 'on'
>;

export interface UpdaterOptions {
  /** `app.isPackaged`: a development run never updates itself. */
  readonly isPackaged: boolean;
  readonly version: string;
  readonly env: NodeJS.ProcessEnv;
  readonly emit: (status: UpdateStatus) => void;
  readonly logger: Logger;
  /** electron-updater's `autoUpdater` by default; created only when there is a feed. */
  readonly updater?: () => AppUpdaterLike;
}

export interface Updater {
  status(): UpdateStatus;
  /** Checks (and, with an update, downloads); answers the state once the check has been started. */
  check(): Promise<UpdateStatus>;
}

/** The configured feed, or why there is none (as the sentence the palette shows). */
export function resolveUpdateFeed(
  env: NodeJS.ProcessEnv,
  isPackaged: boolean,
): { readonly url: string } | { readonly none: string } {
  if (!isPackaged) return { none: 'Updates are off in development builds.' };
  const raw = env['ACP_DESK_UPDATE_FEED']?.trim();
  if (!raw) return { none: 'No release feed is configured (set ACP_DESK_UPDATE_FEED to the feed URL).' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { none: 'ACP_DESK_UPDATE_FEED is not a URL.' };
  }
  // Installers run with the person's rights: only over TLS.
  if (url.protocol !== 'https:') return { none: 'ACP_DESK_UPDATE_FEED must be an https URL.' };
  return { url: url.toString() };
}

const defaultUpdater = (): AppUpdaterLike => electronUpdater.autoUpdater;

export function createUpdater(options: UpdaterOptions): Updater {
  const log = options.logger;
  const feed = resolveUpdateFeed(options.env, options.isPackaged);
  if ('none' in feed) {
    const status: UpdateStatus = { state: 'unsupported', message: feed.none };
    log.info('auto-update is off', { reason: feed.none });
    return { status: () => status, check: async () => status };
  }

  let status: UpdateStatus = { state: 'idle' };
  const set = (next: UpdateStatus) => {
    status = next;
    options.emit(next);
  };
  const u = (options.updater ?? defaultUpdater)();
  u.autoDownload = true;
  u.autoInstallOnAppQuit = true;
  u.logger = {
    info: (m?: unknown) => log.debug(String(m)),
    warn: (m?: unknown) => log.warn(String(m)),
    error: (m?: unknown) => log.error(String(m)),
  };
  u.setFeedURL({ provider: 'generic', url: feed.url });
  let version = options.version;
  u.on('update-not-available', () => set({ state: 'current', version: options.version }));
  u.on('update-available', (info) => {
    version = info.version;
    log.info('update available', { version });
    set({ state: 'available', version });
  });
  u.on('download-progress', (p) =>
    set({ state: 'downloading', version, percent: p.percent, transferred: p.transferred, total: p.total }),
  );
  u.on('update-downloaded', (info) => {
    log.info('update downloaded; installs on quit', { version: info.version });
    set({ state: 'ready', version: info.version });
  });
  u.on('error', (e) => {
    log.error('update failed', { error: e });
    set({ state: 'error', message: e.message || 'unknown error' });
  });

  let running: Promise<unknown> | null = null;
  return {
    status: () => status,
    async check() {
      // A download in progress or done is not restarted; a second click just reports it.
      if (status.state === 'downloading' || status.state === 'ready' || running) return status;
      set({ state: 'checking' });
      running = u.checkForUpdates().catch((e: unknown) => {
        const message = e instanceof Error ? e.message : String(e);
        log.error('update check failed', { error: e });
        set({ state: 'error', message });
      });
      void running.finally(() => (running = null));
      return status;
    },
  };
}
