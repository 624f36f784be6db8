/**
 * Lets the command palette drive the chat header's Session menu (issue 14): "Rename session…"
 * and "Delete session…" need the header's in-place form and confirmation, and Fork/Archive
 * should report a refusal where the header's own items do. The header of the open session
 * listens; `requestSessionAction` says whether one took the request.
 */
export type SessionAction = 'fork' | 'rename' | 'archive' | 'unarchive' | 'delete';

type Listener = (sessionId: string, action: SessionAction) => boolean;

const listeners = new Set<Listener>();

/** Subscribes a header; the returned function unsubscribes it. */
export function onSessionActionRequest(listener: Listener): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** True when a mounted header of `sessionId` handled it. */
export function requestSessionAction(sessionId: string, action: SessionAction): boolean {
  for (const listener of listeners) if (listener(sessionId, action)) return true;
  return false;
}
