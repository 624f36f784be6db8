/**
 * Keeps the host and the window told about sessions that wait for the person (issue 13): the
 * window title carries the count ("(2) ACP Desk"), and `app:attention` gets a report whenever
 * the waiting set changes or a turn ends off screen (with the setting on), so Electron can
 * notify and badge the dock. The "notify when a turn finishes" setting lives in localStorage.
 */
import type { Bridge } from '../../shared/ipc/contract';
import type { SessionSummary } from '../../shared/domain/history';
import { update } from './app-state';
import { attentionReport, finishedTurns, windowTitle } from './attention';
import { openSessionOf } from './last-session';
import type { AppStore } from './store';
import { createWebNotifier, type WebNotifier } from './web-notify';

export const NOTIFY_TURN_END_KEY = 'acp-desk.notifyTurnEnd';

type Settings = Pick<Storage, 'getItem' | 'setItem'>;

function localSettings(): Settings | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export function readNotifyTurnEnd(storage: Settings | null = localSettings()): boolean {
  try {
    return storage?.getItem(NOTIFY_TURN_END_KEY) === 'on';
  } catch {
    return false;
  }
}

/** Turns the setting on or off, and remembers it for the next start. */
export function setNotifyTurnEnd(store: AppStore, on: boolean, storage: Settings | null = localSettings()): void {
  update(store, 'ui', (s) => ({ ...s, notifyTurnEnd: on }));
  try {
    storage?.setItem(NOTIFY_TURN_END_KEY, on ? 'on' : 'off');
  } catch {
    // A locked storage only costs the setting at the next start.
  }
}

export interface AttentionOptions {
  /** Where the count goes; null in tests without a DOM. */
  readonly document?: Pick<Document, 'title'> | null;
  readonly storage?: Settings | null;
  /** Browser mode's Web Notifications (default: the page's, when already granted). */
  readonly webNotify?: WebNotifier;
}

/** Starts reporting; returns the function that stops. */
export function startAttention(store: AppStore, bridge: Bridge, options: AttentionOptions = {}): () => void {
  const doc = options.document === undefined ? (typeof document === 'undefined' ? null : document) : options.document;
  const storage = options.storage === undefined ? localSettings() : options.storage;
  if (readNotifyTurnEnd(storage)) update(store, 'ui', (s) => ({ ...s, notifyTurnEnd: true }));
  const webNotify = options.webNotify ?? createWebNotifier((id) => void store.sessions.openSession(id));
  let lastKey = '';
  let lastSummaries: readonly SessionSummary[] = store.getState().sessions.summaries;
  let lastById: unknown = null;
  const check = () => {
    const state = store.getState();
    const { summaries, byId } = state.sessions;
    // Most store changes (typing, theme, views) touch neither input: nothing to recompute.
    if (summaries === lastSummaries && byId === lastById) return;
    lastById = byId;
    const finished =
      summaries !== lastSummaries && state.ui.notifyTurnEnd
        ? finishedTurns(lastSummaries, summaries, openSessionOf(state))
        : [];
    lastSummaries = summaries;
    const report = attentionReport(state, finished);
    const key = JSON.stringify([report.count, report.waiting]);
    if (key === lastKey && finished.length === 0) return;
    lastKey = key;
    if (doc) doc.title = windowTitle(report.count);
    // Best effort: a host that cannot notify (browser mode answers null) changes nothing here.
    void bridge.app.attention(report).catch(() => undefined);
    // Electron notifies from its main process; only a browser tab uses the Web API.
    if (state.app.info?.host === 'web') webNotify(report);
  };
  check();
  return store.subscribe(check);
}
