/** The shape of the renderer's state and the one way slices change. */
import type { StoreApi } from 'zustand/vanilla';
import { initialApp, type AppSlice } from './app-slice';
import { initialEndpoints, type EndpointsSlice } from './endpoints-slice';
import { initialSessions, type SessionsSlice } from './sessions-slice';
import { initialUi, type UiSlice } from './ui-slice';

export interface AppState {
  readonly endpoints: EndpointsSlice;
  readonly app: AppSlice;
  readonly ui: UiSlice;
  readonly sessions: SessionsSlice;
}

export type SliceName = keyof AppState;

export const initialState: AppState = {
  endpoints: initialEndpoints,
  app: initialApp,
  ui: initialUi,
  sessions: initialSessions,
};

/** Applies a pure slice transition. */
export function update<K extends SliceName>(
  store: StoreApi<AppState>,
  slice: K,
  change: (current: AppState[K]) => AppState[K],
): void {
  store.setState((s) => ({ [slice]: change(s[slice]) }) as Pick<AppState, K>);
}
