/**
 * What the sidebar, the palette and the global shortcuts do, in one place: each action turns
 * into store commands. None of them throws; failures land in the store as sentences.
 */
import type { AppState, AppStore } from '../../state/store';
import { downloadFile } from '../../ui/download-file';
import { orderedSessionIds, stepSessionId } from './session-order';

/** Shows an endpoint's details and makes it the selected one. */
export function openEndpoint(store: AppStore, endpointId: string): void {
  store.commands.showView({ kind: 'endpoint', endpointId: null, mode: 'view' });
  void store.commands.selectEndpoint(endpointId);
}

export function addEndpoint(store: AppStore): void {
  store.commands.showView({ kind: 'endpoint', endpointId: null, mode: 'new' });
}

export function editEndpoint(store: AppStore, endpointId: string | null = store.getState().endpoints.selectedId): void {
  if (endpointId) store.commands.showView({ kind: 'endpoint', endpointId, mode: 'edit' });
}

export function showHistory(store: AppStore): void {
  store.commands.showView({ kind: 'history' });
}

/**
 * Where "New session" starts one: the endpoint of the session on screen, else the selected
 * endpoint (the last one clicked in the sidebar).
 */
export function newSessionEndpointId(state: AppState): string | null {
  const { sessions, ui, endpoints } = state;
  const activeId = ui.view.kind === 'chat' ? sessions.activeId : null;
  if (activeId) {
    const owner =
      sessions.byId[activeId]?.endpointId ?? sessions.summaries.find((s) => s.sessionId === activeId)?.endpointId;
    if (owner && endpoints.list.some((e) => e.id === owner)) return owner;
  }
  return endpoints.selectedId;
}

/** Starts a session on an endpoint (see `newSessionEndpointId`); errors show under that endpoint. */
export async function newSession(
  store: AppStore,
  endpointId: string | null = newSessionEndpointId(store.getState()),
): Promise<string | null> {
  if (!endpointId) return null;
  return store.sessions.newSession(endpointId);
}

/** Opens the next (+1) or previous (-1) session in sidebar order. */
export function stepSession(store: AppStore, delta: 1 | -1): void {
  const { endpoints, sessions } = store.getState();
  const next = stepSessionId(orderedSessionIds(endpoints.list, sessions.summaries), sessions.activeId, delta);
  if (next && next !== sessions.activeId) void store.sessions.openSession(next);
  else if (next) store.commands.showView({ kind: 'chat' });
}

export async function exportSession(store: AppStore, sessionId: string, format: 'markdown' | 'json'): Promise<void> {
  const file = await store.sessions.exportSession(sessionId, format);
  if (file) downloadFile(file);
}

export function activeSessionId(store: AppStore): string | null {
  return store.getState().sessions.activeId;
}

export function cancelActiveTurn(store: AppStore): void {
  const id = activeSessionId(store);
  if (id) void store.sessions.cancel(id);
}

export function focusComposer(store: AppStore): void {
  const { sessions } = store.getState();
  if (!sessions.activeId) return;
  store.commands.showView({ kind: 'chat' });
  store.commands.focusComposer();
}

/** Opens the endpoint's page and runs Diagnose there (its live progress shows on that page). */
export function diagnoseEndpoint(store: AppStore, id: string): void {
  openEndpoint(store, id);
  void store.commands.diagnoseEndpoint(id);
}

export function testSelectedEndpoint(store: AppStore): void {
  const id = store.getState().endpoints.selectedId;
  if (!id) return;
  openEndpoint(store, id);
  void store.commands.testEndpoint(id);
}
