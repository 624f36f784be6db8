/**
 * What the app offers for bug reports and delivery (issue 10): the diagnostics text, where the
 * log is, and the state of the auto-updater as the renderer shows it.
 */

/** `app:diagnostics`: a plain-text report to paste into a bug report (no secrets in it). */
export interface Diagnostics {
  readonly text: string;
  /** The live log file. */
  readonly logFile: string;
}

/** `app:openLogFolder`: `opened` is false where the host cannot open folders (browser mode). */
export interface LogFolder {
  readonly path: string;
  readonly opened: boolean;
}

/** Where a renderer error was caught: a window `error`, an unhandled rejection, or a panel's error boundary. */
export type RendererErrorSource = 'window' | 'promise' | 'boundary';

/** `app:reportError`: a renderer error for the log file (the host caps how many it writes). */
export interface RendererErrorReport {
  readonly source: RendererErrorSource;
  readonly message: string;
  readonly stack?: string;
  /** The panel whose error boundary caught it (`conversation`, `chat view`). */
  readonly area?: string;
  /** React's component stack, for boundary errors. */
  readonly componentStack?: string;
}

/** Longest text fields of a report the hosts accept (a stack beyond this is cut by the renderer). */
export const REPORT_LIMITS = { message: 2000, stack: 8000, area: 100 } as const;

/** The updater's state; `unsupported` says why there is none here (browser mode, development, no feed). */
export type UpdateStatus =
  | { readonly state: 'unsupported'; readonly message: string }
  | { readonly state: 'idle' }
  | { readonly state: 'checking' }
  | { readonly state: 'current'; readonly version: string }
  | { readonly state: 'available'; readonly version: string }
  | {
      readonly state: 'downloading';
      readonly version: string;
      /** 0–100. */
      readonly percent: number;
      readonly transferred: number;
      readonly total: number;
    }
  /** Downloaded; installed when the app quits. */
  | { readonly state: 'ready'; readonly version: string }
  | { readonly state: 'error'; readonly message: string };

/** One line for the palette or a toast. */
export function describeUpdate(status: UpdateStatus): string {
  switch (status.state) {
    case 'unsupported':
      return status.message;
    case 'idle':
      return 'No update check has run yet.';
    case 'checking':
      return 'Checking for updates…';
    case 'current':
      return `ACP Desk ${status.version} is up to date.`;
    case 'available':
      return `Version ${status.version} is available; downloading…`;
    case 'downloading':
      return `Downloading ${status.version}: ${Math.round(status.percent)}%`;
    case 'ready':
      return `Version ${status.version} is downloaded and installs when you quit.`;
    case 'error':
      return `Update check failed: ${status.message}`;
  }
}
