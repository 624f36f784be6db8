/**
 * What the Help menu and the palette's support commands do in the desktop app: open the log
 * folder with the OS file manager (`shell.openPath`) and put the diagnostics on the clipboard.
 */
import type { Clipboard, Shell } from 'electron';
import type { LogFolder } from '../shared/domain/support';
import type { Logger } from '../core/log/logger';

export interface SupportDeps {
  readonly shell: Pick<Shell, 'openPath'>;
  readonly clipboard: Pick<Clipboard, 'writeText'>;
  readonly logDir: string;
  /** Core's `app:diagnostics` text. */
  readonly diagnostics: () => Promise<string>;
  readonly logger: Pick<Logger, 'warn' | 'error'>;
}

export interface DesktopSupport {
  openLogFolder(): Promise<LogFolder>;
  copyDiagnostics(): Promise<boolean>;
}

export function createDesktopSupport(deps: SupportDeps): DesktopSupport {
  return {
    async openLogFolder() {
      // openPath answers an error message, or '' when the folder opened.
      const problem = await deps.shell.openPath(deps.logDir);
      if (problem) deps.logger.warn('could not open the log folder', { path: deps.logDir, reason: problem });
      return { path: deps.logDir, opened: !problem };
    },
    async copyDiagnostics() {
      try {
        await deps.clipboard.writeText(await deps.diagnostics());
        return true;
      } catch (e) {
        deps.logger.error('could not copy the diagnostics', { error: e });
        return false;
      }
    },
  };
}
