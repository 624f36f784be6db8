/**
 * Bug-report support from the palette (issue 10): open the log folder, copy diagnostics, check
 * for updates. Each answer becomes one notice (a small status the palette leaves behind it);
 * the updater's pushes keep an update notice current (download progress, ready to install).
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { describeUpdate, type UpdateStatus } from '../../shared/domain/support';
import type { Bridge } from '../../shared/ipc/contract';
import { describeError } from './error-text';
import { settle } from './settle';

export interface SupportNotice {
  readonly kind: 'info' | 'error';
  readonly text: string;
  /** A path the person may want to copy (browser mode cannot open folders). */
  readonly path?: string;
  /** The notice follows the updater's pushes. */
  readonly about?: 'update';
}

export interface SupportState {
  readonly notice: SupportNotice | null;
  readonly update: UpdateStatus | null;
}

export interface SupportCommands {
  readonly state: StoreApi<SupportState>;
  openLogFolder(): Promise<void>;
  /** `copy`: the UI's clipboard writer (true when the text is on the clipboard). */
  copyDiagnostics(copy: (text: string) => Promise<boolean>): Promise<void>;
  checkForUpdates(): Promise<void>;
  dismiss(): void;
}

const NEWS = new Set<UpdateStatus['state']>(['available', 'downloading', 'ready']);

const updateNotice = (status: UpdateStatus): SupportNotice => ({
  kind: status.state === 'error' ? 'error' : 'info',
  text: describeUpdate(status),
  about: 'update',
});

export function createSupportCommands(bridge: Bridge): SupportCommands {
  const state = createStore<SupportState>()(() => ({ notice: null, update: null }));
  const notify = (notice: SupportNotice) => state.setState({ notice });
  const failed = (error: Parameters<typeof describeError>[0]) => {
    const t = describeError(error, 'select');
    notify({ kind: 'error', text: `${t.message} ${t.nextStep}` });
  };
  // An update found by the check on start shows itself (found, downloading, ready), unless another
  // notice is up; a check the person started is followed whatever it says.
  bridge.onAppUpdateChanged((update) =>
    state.setState((s) => {
      const follow = s.notice?.about === 'update' || (s.notice === null && NEWS.has(update.state));
      return { update, notice: follow ? updateNotice(update) : s.notice };
    }),
  );
  return {
    state,
    async openLogFolder() {
      const r = await settle(() => bridge.app.openLogFolder());
      if (!r.ok) return failed(r.error);
      notify(
        r.value.opened
          ? { kind: 'info', text: 'Opened the log folder.', path: r.value.path }
          : {
              kind: 'info',
              text: 'The log folder is here (a browser page cannot open folders):',
              path: r.value.path,
            },
      );
    },
    async copyDiagnostics(copy) {
      const r = await settle(() => bridge.app.diagnostics());
      if (!r.ok) return failed(r.error);
      notify(
        (await copy(r.value.text))
          ? { kind: 'info', text: 'Diagnostics copied to the clipboard (no secrets in them).' }
          : {
              kind: 'error',
              text: 'The clipboard refused the diagnostics; the log file is here:',
              path: r.value.logFile,
            },
      );
    },
    async checkForUpdates() {
      const r = await settle(() => bridge.app.checkForUpdates());
      if (!r.ok) return failed(r.error);
      state.setState({ update: r.value, notice: updateNotice(r.value) });
    },
    dismiss: () => state.setState({ notice: null }),
  };
}
