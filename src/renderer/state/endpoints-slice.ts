/** Saved endpoints, the selection and each endpoint's last `Test connection` outcome. Pure. */
import type { AgentProbe } from '../../shared/domain/app';
import type { SavedEndpoint } from '../../shared/domain/endpoint';
import type { EndpointList } from '../../shared/ipc/contract';
import type { ErrorText } from './error-text';

export type ProbeState =
  | { readonly status: 'idle' }
  | { readonly status: 'testing' }
  | { readonly status: 'ok'; readonly probe: AgentProbe }
  | ({ readonly status: 'error' } & ErrorText);

export interface EndpointsSlice {
  readonly list: readonly SavedEndpoint[];
  /** The selection shown; runs ahead of the host's while a select is in flight. */
  readonly selectedId: string | null;
  /** The selection the host last reported. */
  readonly hostSelectedId: string | null;
  readonly selectsInFlight: number;
  readonly loaded: boolean;
  readonly loadError: ErrorText | null;
  readonly selectError: ErrorText | null;
  readonly probes: Readonly<Record<string, ProbeState>>;
  /** The host's sentence about the settings file (endpoints set aside, read-only), if any. */
  readonly notice: string | null;
  /** What the last save of an endpoint did besides saving (secrets dropped for a new host). */
  readonly saveNotices: Readonly<Record<string, string>>;
}

export const IDLE_PROBE: ProbeState = Object.freeze({ status: 'idle' });

export const initialEndpoints: EndpointsSlice = {
  list: [],
  selectedId: null,
  hostSelectedId: null,
  selectsInFlight: 0,
  loaded: false,
  loadError: null,
  selectError: null,
  probes: {},
  notice: null,
  saveNotices: {},
};

function keepKnown<T>(record: Readonly<Record<string, T>>, ids: ReadonlySet<string>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([id]) => ids.has(id)));
}

/** A list from the host (load or push). A select still in flight keeps the local choice. */
export function listReceived(s: EndpointsSlice, list: EndpointList): EndpointsSlice {
  const ids = new Set(list.endpoints.map((e) => e.id));
  const keepLocal = s.selectsInFlight > 0 && (s.selectedId === null || ids.has(s.selectedId));
  return {
    ...s,
    list: list.endpoints,
    hostSelectedId: list.selectedId,
    selectedId: keepLocal ? s.selectedId : list.selectedId,
    loaded: true,
    loadError: null,
    probes: keepKnown(s.probes, ids),
    notice: list.notice ?? null,
  };
}

export function listFailed(s: EndpointsSlice, error: ErrorText): EndpointsSlice {
  return { ...s, loadError: error };
}

export function selectStarted(s: EndpointsSlice, id: string | null): EndpointsSlice {
  return { ...s, selectedId: id, selectsInFlight: s.selectsInFlight + 1, selectError: null };
}

/** On failure the view falls back to the host's selection once nothing else is in flight. */
export function selectFinished(s: EndpointsSlice, error: ErrorText | null): EndpointsSlice {
  const selectsInFlight = Math.max(0, s.selectsInFlight - 1);
  const revert = error !== null && selectsInFlight === 0;
  return {
    ...s,
    selectsInFlight,
    selectError: error ?? s.selectError,
    selectedId: revert ? s.hostSelectedId : s.selectedId,
  };
}

export function probeChanged(s: EndpointsSlice, id: string, probe: ProbeState): EndpointsSlice {
  return { ...s, probes: { ...s.probes, [id]: probe } };
}
