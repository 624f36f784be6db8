/**
 * Reload lands where the person was: the open session's id is kept in the tab's sessionStorage
 * while a chat is shown (and dropped when they go to an endpoint page or the history), and after
 * the first session list arrives that session is opened again — unless it no longer exists, in
 * which case the endpoint page stays (and the stale id is forgotten).
 */
import type { StoreApi } from 'zustand/vanilla';
import { z } from 'zod';
import type { AppState } from './app-state';

export const LAST_SESSION_KEY = 'acp-desk.openSession';

/**
 * This page load. An id remembered by this same page (a remount, a test rendering the app
 * again) is not a reload and is not restored; one remembered by an earlier page load is.
 */
export const PAGE_LOAD = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

const Remembered = z.object({ sessionId: z.string().min(1).max(2048), page: z.string().max(200) });
export type RememberedSession = z.infer<typeof Remembered>;

/** The part of `Storage` used here (sessionStorage in the app, a map in tests). */
export type SessionIdStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The tab's sessionStorage, or null where there is none (or it refuses access). */
export function defaultStorage(): SessionIdStorage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

export function readRemembered(storage: SessionIdStorage): RememberedSession | null {
  try {
    const raw = storage.getItem(LAST_SESSION_KEY);
    if (!raw || raw.length > 4096) return null;
    const parsed = Remembered.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function write(storage: SessionIdStorage, id: string | null): void {
  try {
    if (id) storage.setItem(LAST_SESSION_KEY, JSON.stringify({ sessionId: id, page: PAGE_LOAD }));
    else storage.removeItem(LAST_SESSION_KEY);
  } catch {
    // A full or locked storage only costs the restore after a reload.
  }
}

/** The session a reload should reopen: the active one while its chat is shown, else none. */
export function openSessionOf(s: Pick<AppState, 'ui' | 'sessions'>): string | null {
  return s.ui.view.kind === 'chat' ? s.sessions.activeId : null;
}

/**
 * Starts remembering the open session. Returns the id remembered before (the one to restore)
 * and the unsubscribe function. The stored id is only rewritten once the person navigates,
 * so the start-up view (the endpoint page) does not erase it before it is restored.
 */
export function rememberOpenSession(
  store: StoreApi<AppState>,
  storage: SessionIdStorage | null = defaultStorage(),
): { readonly previous: string | null; readonly stop: () => void } {
  if (!storage) return { previous: null, stop: () => {} };
  const remembered = readRemembered(storage);
  const previous = remembered && remembered.page !== PAGE_LOAD ? remembered.sessionId : null;
  let last = openSessionOf(store.getState());
  const stop = store.subscribe((s) => {
    const open = openSessionOf(s);
    if (open === last) return;
    last = open;
    write(storage, open);
  });
  return { previous, stop };
}

/**
 * After the session list has loaded: reopens `previous` if it still exists and the person has
 * not gone anywhere meanwhile; forgets it if it is gone (the endpoint page stays).
 */
export function restoreOpenSession(
  store: StoreApi<AppState>,
  previous: string | null,
  open: (sessionId: string) => Promise<void>,
  storage: SessionIdStorage | null = defaultStorage(),
): boolean {
  if (!previous) return false;
  const s = store.getState();
  if (s.sessions.activeId !== null || s.ui.view.kind !== 'endpoint') return false;
  if (!s.sessions.summaries.some((x) => x.sessionId === previous)) {
    if (storage && readRemembered(storage)?.sessionId === previous) write(storage, null);
    return false;
  }
  void open(previous);
  return true;
}
