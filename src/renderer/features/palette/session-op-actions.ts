/**
 * The palette's session operations for the open session (issue 14): Fork, Rename…, Archive
 * and Delete…, each only when its agent advertises it, with the chat header's rules (no fork
 * or archive for a read-only session). They run the header menu's own items, so Rename and
 * Delete ask in place and a refusal shows where the header shows it; with no header mounted,
 * Fork and Archive call the same store commands directly.
 */
import { sessionOps } from '../../../shared/session/ops';
import type { AppState, AppStore } from '../../state/store';
import { requestSessionAction, type SessionAction } from '../chat/header/session-menu-requests';
import type { PaletteAction } from './palette-actions';

/** Whether the session can only be read here (the header's `useReadOnlyReason`, as a flag). */
function readOnly(state: AppState, sessionId: string): boolean {
  const summary = state.sessions.summaries.find((s) => s.sessionId === sessionId);
  if (summary?.readOnly) return true;
  if (state.sessions.byId[sessionId]?.detached) return true;
  return summary !== undefined && !summary.live;
}

export function sessionOpActions(state: AppState, store: AppStore, sessionId: string): PaletteAction[] {
  const endpointId = state.sessions.byId[sessionId]?.endpointId;
  const ops = sessionOps(endpointId ? state.sessions.statuses[endpointId]?.agentCapabilities : undefined);
  const locked = readOnly(state, sessionId);
  const action = (op: SessionAction, title: string, direct?: () => unknown): PaletteAction => ({
    id: `session-${op}`,
    title,
    group: 'Sessions',
    run: () => requestSessionAction(sessionId, op) || direct?.(),
  });
  const out: PaletteAction[] = [];
  if (ops.fork && !locked) out.push(action('fork', 'Fork session', () => store.sessionOps.fork(sessionId)));
  if (ops.rename) out.push(action('rename', 'Rename session…'));
  if (ops.archive && !locked) out.push(action('archive', 'Archive session', () => store.sessionOps.archive(sessionId)));
  const archived = state.sessions.summaries.find((s) => s.sessionId === sessionId)?.archived === true;
  if (ops.archive && archived)
    out.push(action('unarchive', 'Unarchive session', () => store.sessionOps.unarchive(sessionId)));
  if (ops.delete) out.push(action('delete', 'Delete session…'));
  return out;
}
