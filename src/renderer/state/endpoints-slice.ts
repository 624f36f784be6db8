/** Saved endpoints, the selection and each endpoint's last `Test connection` outcome. Pure. */
import type { AgentProbe } from '../../shared/domain/app';
import type { SavedEndpoint } from '../../shared/domain/endpoint';
import { certificateInDetails, type CertificateFacts } from '../../shared/domain/network';
import type { ProbeReport } from '../../shared/domain/probe-report';
import type { DiagnoseProgress, EndpointList } from '../../shared/ipc/contract';
import type { ErrorText } from './error-text';

export type ProbeState =
  | { readonly status: 'idle' }
  | { readonly status: 'testing' }
  | { readonly status: 'ok'; readonly probe: AgentProbe }
  | ({ readonly status: 'error'; readonly certificate?: CertificateFacts } & ErrorText);

/** A Diagnose run of one endpoint (issue 12): the steps and checks pushed while it runs, then its report. */
export type DiagnoseState =
  | { readonly status: 'idle' }
  | { readonly status: 'running'; readonly done: readonly DiagnoseProgress['item'][] }
  | { readonly status: 'done'; readonly report: ProbeReport }
  | { readonly status: 'error'; readonly message: string };

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
  readonly diagnoses: Readonly<Record<string, DiagnoseState>>;
  /** The host's sentence about the settings file (endpoints set aside, read-only), if any. */
  readonly notice: string | null;
  /** What the last save of an endpoint did besides saving (secrets dropped for a new host). */
  readonly saveNotices: Readonly<Record<string, string>>;
  /** Why the last attempt to start a session on an endpoint failed, by endpoint id (cleared on success). */
  readonly startErrors: Readonly<Record<string, ErrorText>>;
}

/** The server certificate a failed test brought back (for "Trust this certificate"), as a spreadable part. */
export function probeCertificate(details: unknown): { readonly certificate?: CertificateFacts } {
  const certificate = certificateInDetails(details);
  return certificate ? { certificate } : {};
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
  diagnoses: {},
  notice: null,
  saveNotices: {},
  startErrors: {},
};

/** Records (or, with null, clears) why a session could not start on an endpoint. */
export function startErrorChanged(s: EndpointsSlice, endpointId: string, error: ErrorText | null): EndpointsSlice {
  const current = s.startErrors[endpointId] ?? null;
  if (current === error) return s;
  const { [endpointId]: _gone, ...rest } = s.startErrors;
  return { ...s, startErrors: error ? { ...rest, [endpointId]: error } : rest };
}

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
    diagnoses: keepKnown(s.diagnoses, ids),
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

export function diagnoseChanged(s: EndpointsSlice, id: string, d: DiagnoseState): EndpointsSlice {
  return { ...s, diagnoses: { ...s.diagnoses, [id]: d } };
}

/** A step or check of a running Diagnose ended; pushes for a run that is not running are dropped. */
export function diagnoseProgressed(s: EndpointsSlice, p: DiagnoseProgress): EndpointsSlice {
  const d = s.diagnoses[p.id];
  if (d?.status !== 'running') return s;
  return diagnoseChanged(s, p.id, { status: 'running', done: [...d.done, p.item] });
}
