/** Selector hooks on the endpoints slice. Each returns a stored value or a primitive (stable identity). */
import type { AgentCapabilities } from '@agentclientprotocol/sdk';
import type { SavedEndpoint } from '../../../shared/domain/endpoint';
import type { AppState } from '../app-state';
import { IDLE_PROBE, type DiagnoseState, type EndpointsSlice, type ProbeState } from '../endpoints-slice';
import type { ErrorText } from '../error-text';
import { useAppState } from '../store-context';

const IDLE_DIAGNOSE: DiagnoseState = { status: 'idle' };

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

/** The saved endpoint with this id; null for no id or one no longer saved. */
export function useSavedEndpoint(endpointId: string | null): SavedEndpoint | null {
  return useAppState((s) => (endpointId ? (s.endpoints.list.find((e) => e.id === endpointId) ?? null) : null));
}

/** The saved name of this endpoint, if it is saved. */
export function useSavedEndpointName(endpointId: string | null): string | undefined {
  return useAppState((s) => s.endpoints.list.find((e) => e.id === endpointId)?.name);
}

export function useSelectError(): ErrorText | null {
  return useAppState((s) => s.endpoints.selectError);
}

/** The sidebar's notice (e.g. after an import), or null. */
export function useEndpointsNotice(): string | null {
  return useAppState((s) => s.endpoints.notice);
}

/** What the last save of this endpoint did besides saving, if anything. */
export function useSaveNotice(endpointId: string): string | undefined {
  return useAppState((s) => s.endpoints.saveNotices[endpointId]);
}

/** The endpoint's last test; idle when it was never tested. */
export function useProbe(id: string): ProbeState {
  return useAppState((s) => s.endpoints.probes[id] ?? IDLE_PROBE);
}

/** The endpoint's last test; undefined when it was never tested. */
export function useProbeIfAny(id: string): ProbeState | undefined {
  return useAppState((s) => s.endpoints.probes[id]);
}

/** The endpoint's last diagnose run; idle when none ran. */
export function useDiagnoseRun(endpointId: string): DiagnoseState {
  return useAppState((s) => s.endpoints.diagnoses[endpointId]) ?? IDLE_DIAGNOSE;
}

/** Why the last "New session" on this endpoint failed, or null. */
export function useStartError(endpointId: string): ErrorText | null {
  return useAppState((s) => s.endpoints.startErrors[endpointId] ?? null);
}

export function useStartFailed(endpointId: string): boolean {
  return useAppState((s) => Boolean(s.endpoints.startErrors[endpointId]));
}

/** Whether the screen already says why the connection failed (a failed "New session" or a failed test). */
export function useFailureShownElsewhere(endpointId: string): boolean {
  return useAppState(
    (s) => Boolean(s.endpoints.startErrors[endpointId]) || s.endpoints.probes[endpointId]?.status === 'error',
  );
}

/** The agent's capabilities as last seen: from the last test of the saved endpoint, else its connection. */
export function useCapabilitiesAsSeen(endpointId: string | null): AgentCapabilities | undefined {
  return useAppState((s) => {
    if (!endpointId) return undefined;
    const probe = s.endpoints.probes[endpointId];
    if (probe?.status === 'ok') return probe.probe.agentCapabilities;
    return s.sessions.statuses[endpointId]?.agentCapabilities;
  });
}

/** The endpoint whose page is on screen, if any. */
function endpointInView(s: AppState): string | null {
  const view = s.ui.view;
  if (view.kind === 'endpoint') return view.mode === 'new' ? null : (view.endpointId ?? s.endpoints.selectedId);
  if (view.kind === 'chat' && s.sessions.activeId) {
    const id = s.sessions.activeId;
    return s.sessions.byId[id]?.endpointId ?? s.sessions.summaries.find((x) => x.sessionId === id)?.endpointId ?? null;
  }
  return null;
}

/** The endpoint whose page is on screen (its details, or a chat of one of its sessions), if any. */
export function useEndpointInView(): string | null {
  return useAppState(endpointInView);
}
