/** Typed selector hooks: what components read. Each returns a stored value (stable identity). */
import type { AppInfo } from '../../shared/domain/app';
import type { SavedEndpoint } from '../../shared/domain/endpoint';
import type { HostConnection } from '../bridge/host-status';
import type { AppSlice } from './app-slice';
import { IDLE_PROBE, type EndpointsSlice, type ProbeState } from './endpoints-slice';
import type { ErrorText } from './error-text';
import { useAppState } from './store-context';
import type { ThemePreference } from './ui-slice';

export function useEndpoints(): readonly SavedEndpoint[] {
  return useAppState((s) => s.endpoints.list);
}

export function useEndpointsLoad(): Pick<EndpointsSlice, 'loaded' | 'loadError'> {
  const loaded = useAppState((s) => s.endpoints.loaded);
  const loadError = useAppState((s) => s.endpoints.loadError);
  return { loaded, loadError };
}

export function useSelectedId(): string | null {
  return useAppState((s) => s.endpoints.selectedId);
}

export function useSelectedEndpoint(): SavedEndpoint | null {
  return useAppState((s) => s.endpoints.list.find((e) => e.id === s.endpoints.selectedId) ?? null);
}

export function useSelectError(): ErrorText | null {
  return useAppState((s) => s.endpoints.selectError);
}

export function useProbe(id: string): ProbeState {
  return useAppState((s) => s.endpoints.probes[id] ?? IDLE_PROBE);
}

export function useAppInfo(): AppInfo | null {
  return useAppState((s) => s.app.info);
}

export function useAppLoadError(): AppSlice['loadError'] {
  return useAppState((s) => s.app.loadError);
}

export function useHostConnection(): HostConnection | null {
  return useAppState((s) => s.app.hostConnection);
}

export function useTheme(): ThemePreference {
  return useAppState((s) => s.ui.theme);
}
