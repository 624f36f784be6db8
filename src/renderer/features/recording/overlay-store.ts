/**
 * The store the read-only chat's components read: the app's own state, with the recording's
 * session (folded to the scrubbed moment) as the only session, and the app's own commands
 * (so "Frames" opens the real side panel and inspector). The chat's list, cards and plan are
 * reused as they are; a pending permission request is left out, so the recording offers no
 * buttons that would answer the agent (its card says "Needs permission", as it did).
 */
import { useEffect, useRef, useState } from 'react';
import { createStore } from 'zustand/vanilla';
import type { SessionState } from '../../../shared/domain/session';
import type { AppState, AppStore } from '../../state/store';

/** The recording's session as the chat shows it: read-only, on the recording's pseudo-endpoint. */
export function readOnlySession(s: SessionState, endpointId: string): SessionState {
  return { ...s, endpointId, permissions: {}, elicitations: {} };
}

export function overlayState(app: AppState, session: SessionState | null): AppState {
  return {
    ...app,
    sessions: {
      ...app.sessions,
      byId: session ? { [session.sessionId]: session } : {},
      activeId: session?.sessionId ?? null,
      errors: {},
    },
  };
}

/** An AppStore whose state follows the app's, with `session` in it. */
export function useOverlayStore(app: AppStore, session: SessionState | null): AppStore {
  const latest = useRef(session);
  latest.current = session;
  const [overlay] = useState<AppStore>(() =>
    Object.assign(
      createStore<AppState>()(() => overlayState(app.getState(), session)),
      {
        commands: app.commands,
        sessions: app.sessions,
        sessionOps: app.sessionOps,
        support: app.support,
      },
    ),
  );
  useEffect(() => app.subscribe((st) => overlay.setState(overlayState(st, latest.current), true)), [app, overlay]);
  useEffect(() => overlay.setState(overlayState(app.getState(), session), true), [app, overlay, session]);
  return overlay;
}
