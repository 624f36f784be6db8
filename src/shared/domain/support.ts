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
