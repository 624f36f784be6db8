/**
 * Bug-report support (issue 10) as both hosts answer it: the diagnostics text, the log folder
 * and the updater channels. Electron main replaces `app:openLogFolder` (shell.openPath) and the
 * update channels (electron-updater); here the folder is only named and updates are unsupported.
 */
import os from 'node:os';
import type { AppInfo } from '../../shared/domain/app';
import type { SavedEndpoint } from '../../shared/domain/endpoint';
import type { Diagnostics, UpdateStatus } from '../../shared/domain/support';
import type { InvokeHandlers } from '../host/dispatch';
import type { AppLog, LogEntry } from '../log/logger';
import { Redactor } from '../transport/redact';

type SupportHandlers = Pick<
  InvokeHandlers,
  'app:diagnostics' | 'app:openLogFolder' | 'app:checkForUpdates' | 'app:updateStatus' | 'app:reportError'
>;

export interface SupportDeps {
  readonly info: AppInfo;
  readonly endpoints: () => readonly SavedEndpoint[];
  readonly log: AppLog | undefined;
  /** Clock of the renderer-error cap (tests pass a fake one). */
  readonly now?: () => number;
}

/** At most this many renderer errors a minute reach the log; the rest are counted, then summed up once. */
export const RENDERER_ERRORS_PER_MINUTE = 20;

const NO_UPDATES: UpdateStatus = {
  state: 'unsupported',
  message: 'Updates are for the desktop app; in browser mode, update ACP Desk where you installed it.',
};

export function supportHandlers(deps: SupportDeps): SupportHandlers {
  return {
    'app:diagnostics': () => diagnostics(deps),
    'app:openLogFolder': () => ({ path: deps.log?.dir ?? '', opened: false }),
    'app:checkForUpdates': () => NO_UPDATES,
    'app:updateStatus': () => NO_UPDATES,
    'app:reportError': rendererErrorLog(deps),
  };
}

/**
 * Writes renderer errors to the log (scope `renderer`, redacted like every entry). A renderer
 * stuck in an error loop must not flood the file: past the cap per minute, errors are only
 * counted, and the count is logged once when the next minute's first error arrives.
 */
function rendererErrorLog(deps: SupportDeps): SupportHandlers['app:reportError'] {
  const log = deps.log?.child('renderer');
  const now = deps.now ?? Date.now;
  let windowStart = -Infinity;
  let written = 0;
  let dropped = 0;
  return (report) => {
    const t = now();
    if (t - windowStart >= 60_000) {
      if (dropped > 0)
        log?.warn(`${dropped} more renderer errors were not logged (over ${RENDERER_ERRORS_PER_MINUTE} a minute)`);
      windowStart = t;
      written = 0;
      dropped = 0;
    }
    if (written >= RENDERER_ERRORS_PER_MINUTE) dropped++;
    else {
      written++;
      const { message, ...fields } = report;
      log?.error(`renderer error: ${message}`, fields);
    }
    return null;
  };
}

export function diagnostics(deps: SupportDeps, now = new Date()): Diagnostics {
  const { info, log } = deps;
  const v = process.versions;
  const endpoints = deps.endpoints();
  const errors = log?.recent({ minLevel: 'warn', limit: 20 }) ?? [];
  const lines = [
    `ACP Desk ${info.version} (${info.host === 'electron' ? 'desktop app' : 'browser mode'})`,
    `Generated: ${now.toISOString()}`,
    `Versions: ${[
      v['electron'] ? `Electron ${v['electron']}` : null,
      v['chrome'] ? `Chromium ${v['chrome']}` : null,
      `Node ${v.node}`,
      `V8 ${v.v8}`,
    ]
      .filter(Boolean)
      .join(', ')}`,
    `Platform: ${process.platform} ${process.arch} (${os.type()} ${os.release()})`,
    `Secret storage: ${info.secretStorage === 'os-keychain' ? 'OS keychain' : 'key file (less safe)'}`,
    `Log file: ${log?.file ?? '(none)'}`,
    '',
    `Endpoints (${endpoints.length}):`,
    ...(endpoints.length ? endpoints.map(endpointLine) : ['  (none)']),
    '',
    `Recent warnings and errors (${errors.length}):`,
    ...(errors.length ? errors.map(entryLine) : ['  (none)']),
  ];
  return { text: lines.join('\n') + '\n', logFile: log?.file ?? '' };
}

/** Name, URL without user info or secret query values, transport profile; never a header. */
function endpointLine(e: SavedEndpoint): string {
  const transport =
    e.transport === 'auto' && e.lastWorkingTransport ? `auto (last worked: ${e.lastWorkingTransport})` : e.transport;
  const extras = [
    e.builtin ? 'built-in demo agent' : null,
    e.network?.proxy && e.network.proxy.mode !== 'system' ? `proxy: ${e.network.proxy.mode}` : null,
    e.mcpServers?.length ? `${e.mcpServers.length} MCP server(s)` : null,
  ].filter(Boolean);
  return `  - ${e.name}: ${stripCredentials(e.url)}, transport ${transport}${extras.length ? `, ${extras.join(', ')}` : ''}`;
}

const shapes = new Redactor();

export function stripCredentials(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return shapes.text(u.toString());
  } catch {
    return shapes.text(url); // not a URL: still masked by shape
  }
}

function entryLine(e: LogEntry): string {
  const error = e['error'] as { message?: unknown } | undefined;
  const reason = typeof error?.message === 'string' ? `: ${error.message}` : '';
  return `  ${e.time} ${e.level.toUpperCase()}${e.scope ? ` [${e.scope}]` : ''} ${e.msg}${reason}`;
}
