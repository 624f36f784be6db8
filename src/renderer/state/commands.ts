/**
 * What the UI can ask for. Each command calls the bridge and writes the outcome into the
 * store; an `IpcResult` error becomes a sentence with a next step. Commands never throw.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { Bridge } from '../../shared/ipc/contract';
import type { HostStatus } from '../bridge/host-status';
import { infoFailed, infoReceived } from './app-slice';
import {
  diagnoseChanged,
  listFailed,
  listReceived,
  probeCertificate,
  probeChanged,
  selectFinished,
  selectStarted,
} from './endpoints-slice';
import { createEndpointCommands, type EndpointCommands } from './endpoint-commands';
import { describeError } from './error-text';
import { update, type AppState } from './app-state';
import type { MainView, ThemePreference } from './ui-slice';
import { settle } from './settle';

export interface AppCommands extends EndpointCommands {
  /** Loads `AppInfo` and the endpoint list (start-up, and after the host comes back). */
  refresh(): Promise<void>;
  loadAppInfo(): Promise<void>;
  loadEndpoints(): Promise<void>;
  /** Shows the endpoint at once and persists the choice through the host. */
  selectEndpoint(id: string | null): Promise<void>;
  /** Runs `Test connection` (an ACP `initialize` round trip) for a saved endpoint. */
  testEndpoint(id: string): Promise<void>;
  /** Runs Diagnose (the doctor and conformance checks) for a saved endpoint; progress arrives as pushes. */
  diagnoseEndpoint(id: string): Promise<void>;
  /** Offline endpoint: rebuild its connection now (the status push shows what follows). */
  retryEndpoint(id: string): Promise<void>;
  setTheme(theme: ThemePreference): void;
  showView(view: MainView): void;
  setPaletteOpen(open: boolean): void;
  toggleSidePanel(): void;
  /** Asks the chat composer to take focus. */
  focusComposer(): void;
  /** Browser mode: reconnect to the host now instead of waiting for the backoff. */
  retryHost(): void;
}

export function createCommands(
  bridge: Bridge,
  store: StoreApi<AppState>,
  hostStatus: HostStatus | null = null,
): AppCommands {
  const commands: AppCommands = {
    ...createEndpointCommands(bridge, store, (id) => commands.selectEndpoint(id)),
    async refresh() {
      await Promise.all([commands.loadAppInfo(), commands.loadEndpoints()]);
    },
    async loadAppInfo() {
      const result = await settle(() => bridge.app.info());
      update(store, 'app', (s) =>
        result.ok ? infoReceived(s, result.value) : infoFailed(s, describeError(result.error, 'load')),
      );
    },
    async loadEndpoints() {
      const result = await settle(() => bridge.endpoints.list());
      update(store, 'endpoints', (s) =>
        result.ok ? listReceived(s, result.value) : listFailed(s, describeError(result.error, 'load')),
      );
    },
    async selectEndpoint(id) {
      if (store.getState().endpoints.selectedId === id) return;
      update(store, 'endpoints', (s) => selectStarted(s, id));
      const result = await settle(() => bridge.endpoints.select({ id }));
      update(store, 'endpoints', (s) => selectFinished(s, result.ok ? null : describeError(result.error, 'select')));
    },
    async retryEndpoint(id) {
      await settle(() => bridge.endpoints.retry({ id }));
    },
    async testEndpoint(id) {
      if (store.getState().endpoints.probes[id]?.status === 'testing') return;
      update(store, 'endpoints', (s) => probeChanged(s, id, { status: 'testing' }));
      const result = await settle(() => bridge.endpoints.test({ id }));
      const probe = result.ok
        ? ({ status: 'ok', probe: result.value } as const)
        : ({
            status: 'error',
            ...describeError(result.error, 'probe'),
            ...probeCertificate(result.error.details),
          } as const);
      update(store, 'endpoints', (s) => probeChanged(s, id, probe));
    },
    async diagnoseEndpoint(id) {
      if (store.getState().endpoints.diagnoses[id]?.status === 'running') return;
      update(store, 'endpoints', (s) => diagnoseChanged(s, id, { status: 'running', done: [] }));
      const result = await settle(() => bridge.endpoints.diagnose({ id }));
      update(store, 'endpoints', (s) =>
        diagnoseChanged(
          s,
          id,
          result.ok ? { status: 'done', report: result.value } : { status: 'error', message: result.error.message },
        ),
      );
    },
    setTheme(theme) {
      update(store, 'ui', (s) => ({ ...s, theme }));
    },
    showView(view) {
      update(store, 'ui', (s) => ({ ...s, view }));
    },
    setPaletteOpen(paletteOpen) {
      update(store, 'ui', (s) => ({ ...s, paletteOpen }));
    },
    toggleSidePanel() {
      update(store, 'ui', (s) => ({ ...s, sidePanelOpen: !s.sidePanelOpen }));
    },
    focusComposer() {
      update(store, 'ui', (s) => ({ ...s, composerFocus: s.composerFocus + 1 }));
    },
    retryHost() {
      hostStatus?.retryNow();
    },
  };
  return commands;
}
