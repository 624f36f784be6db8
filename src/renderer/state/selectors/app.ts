/** Selector hooks on the app slice. Each returns a stored value or a primitive (stable identity). */
import type { AppInfo } from '../../../shared/domain/app';
import type { HostConnection } from '../../bridge/host-status';
import type { AppSlice } from '../app-slice';
import type { AppState } from '../app-state';
import { useAppState } from '../store-context';

export function useAppInfo(): AppInfo | null {
  return useAppState((s) => s.app.info);
}

/** Which host serves the bridge; undefined until the app info has loaded. */
export function useHost(): AppInfo['host'] | undefined {
  return useAppState((s) => s.app.info?.host);
}

export function useAppLoadError(): AppSlice['loadError'] {
  return useAppState((s) => s.app.loadError);
}

export function useHostConnection(): HostConnection | null {
  return useAppState((s) => s.app.hostConnection);
}

/**
 * The whole state, for the command palette only: which commands it offers (and how they read)
 * depends on nearly every slice (the open session and its turn, the selected endpoint, the
 * history list, the theme, ...), so it re-renders on every store change. That is acceptable
 * because the palette is mounted only while it is open. Everything else reads named parts.
 */
export function useWholeStateForCommands(): AppState {
  return useAppState((s) => s);
}
