/**
 * Every action the command palette offers, built from the current state. Actions that cannot
 * run right now (no session open, no endpoint selected) are left out rather than greyed.
 */
import type { AppState, AppStore } from '../../state/store';
import {
  addEndpoint,
  cancelActiveTurn,
  diagnoseEndpoint,
  editEndpoint,
  exportSession,
  focusComposer,
  newSession,
  newSessionEndpointId,
  stepSession,
  testSelectedEndpoint,
} from '../navigation/app-actions';
import type { ShortcutId } from '../navigation/shortcuts';
import { sessionOpActions } from './session-op-actions';
import { supportActions } from './support-actions';
import { openActions, settingActions, viewActions } from './view-actions';

export interface PaletteAction {
  readonly id: string;
  readonly title: string;
  /** Shown after the title, muted (endpoint name, last activity). */
  readonly detail?: string;
  readonly group: 'Sessions' | 'Endpoints' | 'View' | 'Help' | 'Open session';
  readonly shortcut?: ShortcutId;
  readonly run: () => unknown;
}

function sessionActions(state: AppState, store: AppStore): PaletteAction[] {
  const activeId = state.sessions.activeId;
  const target = newSessionEndpointId(state);
  const endpoint = state.endpoints.list.find((e) => e.id === target);
  const out: PaletteAction[] = [];
  if (endpoint)
    out.push({
      id: 'new-session',
      title: 'New session',
      detail: endpoint.name,
      group: 'Sessions',
      shortcut: 'newSession',
      run: () => newSession(store, endpoint.id),
    });
  if (state.sessions.summaries.length > 0) {
    out.push({
      id: 'next-session',
      title: 'Next session',
      group: 'Sessions',
      shortcut: 'nextSession',
      run: () => stepSession(store, 1),
    });
    out.push({
      id: 'prev-session',
      title: 'Previous session',
      group: 'Sessions',
      shortcut: 'prevSession',
      run: () => stepSession(store, -1),
    });
  }
  if (!activeId) return out;
  out.push({
    id: 'focus-composer',
    title: 'Focus composer',
    group: 'Sessions',
    shortcut: 'focusComposer',
    run: () => focusComposer(store),
  });
  out.push(...sessionOpActions(state, store, activeId));
  const turn = state.sessions.byId[activeId]?.turn.status;
  if (turn === 'running')
    out.push({ id: 'cancel-turn', title: 'Cancel turn', group: 'Sessions', run: () => cancelActiveTurn(store) });
  out.push(
    {
      id: 'export-md',
      title: 'Export current session as Markdown',
      group: 'Sessions',
      run: () => exportSession(store, activeId, 'markdown'),
    },
    {
      id: 'export-json',
      title: 'Export current session as JSON',
      group: 'Sessions',
      run: () => exportSession(store, activeId, 'json'),
    },
  );
  return out;
}

function endpointActions(state: AppState, store: AppStore): PaletteAction[] {
  const endpoint = state.endpoints.list.find((e) => e.id === state.endpoints.selectedId);
  const out: PaletteAction[] = [
    { id: 'add-endpoint', title: 'Add endpoint', group: 'Endpoints', run: () => addEndpoint(store) },
  ];
  if (endpoint) {
    out.push(
      {
        id: 'edit-endpoint',
        title: 'Edit endpoint',
        detail: endpoint.name,
        group: 'Endpoints',
        run: () => editEndpoint(store, endpoint.id),
      },
      {
        id: 'test-endpoint',
        title: 'Test connection',
        detail: endpoint.name,
        group: 'Endpoints',
        run: () => testSelectedEndpoint(store),
      },
      {
        id: 'diagnose-endpoint',
        title: 'Diagnose endpoint',
        detail: endpoint.name,
        group: 'Endpoints',
        run: () => diagnoseEndpoint(store, endpoint.id),
      },
    );
  }
  return out;
}

export function paletteActions(state: AppState, store: AppStore): PaletteAction[] {
  return [
    ...sessionActions(state, store),
    ...endpointActions(state, store),
    ...viewActions(store),
    ...settingActions(state, store),
    ...supportActions(state, store),
    ...openActions(state, store),
  ];
}
