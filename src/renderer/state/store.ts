/**
 * The renderer's state: one vanilla zustand store with three slices (endpoints, app, ui),
 * changed only by `commands` (user intent → bridge → store) and `ingest` (host pushes →
 * store). Components read it through the selector hooks and never call the bridge.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Bridge } from '../../shared/ipc/contract';
import type { HostStatus } from '../bridge/host-status';
import { initialState, type AppState } from './app-state';
import { createCommands, type AppCommands } from './commands';
import { createSessionCommands, type SessionCommands } from './session-commands';
import { createSessionOpsCommands, type SessionOpsCommands } from './session-ops-commands';
import { createSupportCommands, type SupportCommands } from './support-commands';

export type { AppState } from './app-state';

export type AppStore = StoreApi<AppState> & {
  readonly commands: AppCommands;
  readonly sessions: SessionCommands;
  /** Fork, rename, archive, delete (issue 14). */
  readonly sessionOps: SessionOpsCommands;
  /** Log folder, diagnostics, updates (issue 10). */
  readonly support: SupportCommands;
};

export interface AppStoreOptions {
  /** Browser mode's host connection (for `retryHost`); null in Electron. */
  readonly hostStatus?: HostStatus | null;
  /** Starting state, for tests and previews. */
  readonly initial?: Partial<AppState>;
}

export function createAppStore(bridge: Bridge, options: AppStoreOptions = {}): AppStore {
  const store = createStore<AppState>()(() => ({ ...initialState, ...options.initial }));
  const sessions = createSessionCommands(bridge, store);
  return Object.assign(store, {
    commands: createCommands(bridge, store, options.hostStatus ?? null),
    sessions,
    sessionOps: createSessionOpsCommands(bridge, store, sessions),
    support: createSupportCommands(bridge),
  });
}
