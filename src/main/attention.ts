/**
 * The Electron side of "a session needs you" (issue 13): the renderer reports the sessions
 * waiting for an answer (`app:attention`, validated and sender-checked by the IPC pipeline);
 * here they become the dock/taskbar badge and, while the window is not focused, one OS
 * notification per session that newly waits (and per turn that finished, with the setting on).
 * Clicking a notification brings the window forward and opens that session (`app:openSession`).
 */
import { app, Notification, type BrowserWindow } from 'electron';
import type { AttentionItem, AttentionReport } from '../shared/domain/attention';
import type { EventContract } from '../shared/ipc/contract';

/** The slice of a window used here; Electron's `BrowserWindow` satisfies it. */
export type AttentionWindow = Pick<
  BrowserWindow,
  'isDestroyed' | 'isFocused' | 'isMinimized' | 'restore' | 'show' | 'focus' | 'flashFrame'
> & { readonly webContents: Pick<BrowserWindow['webContents'], 'send' | 'isDestroyed'> };

export interface Attention {
  /** The `app:attention` handler. */
  report(report: AttentionReport): null;
  /** Closes the notifications still shown (at quit). */
  dispose(): void;
}

const OPEN_SESSION = 'app:openSession' satisfies keyof EventContract;

function waitingBody(item: AttentionItem): string {
  const what = item.reason === 'permission' ? 'asks for permission' : 'asks you a question';
  return `${item.endpointName}: the agent ${what}.`;
}

/** `getWindow`: the window that shows the sessions (the app has one). */
export function createAttention(getWindow: () => AttentionWindow | undefined): Attention {
  /** Notifications on screen by session, kept referenced so their click handlers survive GC. */
  const shown = new Map<string, Notification>();
  let waiting = new Set<string>();
  let badge = -1;

  const open = (sessionId: string) => {
    const window = getWindow();
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
    if (!window.webContents.isDestroyed()) window.webContents.send(OPEN_SESSION, { sessionId });
  };

  const notify = (sessionId: string, title: string, body: string) => {
    shown.get(sessionId)?.close();
    const n = new Notification({ title, body });
    n.on('click', () => {
      shown.delete(sessionId);
      open(sessionId);
    });
    n.on('close', () => {
      if (shown.get(sessionId) === n) shown.delete(sessionId);
    });
    shown.set(sessionId, n);
    n.show();
  };

  return {
    report(report) {
      if (report.count !== badge) {
        badge = report.count;
        app.setBadgeCount(report.count); // macOS dock, Linux launchers (Unity API); false elsewhere
      }
      const window = getWindow();
      const away = !window || window.isDestroyed() || !window.isFocused();
      const now = new Set(report.waiting.map((i) => i.sessionId));
      // Answered (here or elsewhere): its notification is stale.
      for (const id of waiting) if (!now.has(id)) shown.get(id)?.close();
      const fresh = report.waiting.filter((i) => !waiting.has(i.sessionId));
      waiting = now;
      if (!away) return null;
      const canNotify = Notification.isSupported();
      for (const item of fresh) {
        if (canNotify) notify(item.sessionId, `${item.title} needs your answer`, waitingBody(item));
      }
      for (const item of report.finished) {
        if (canNotify)
          notify(item.sessionId, `${item.title}: turn finished`, `${item.endpointName}: the agent is done.`);
      }
      if (fresh.length > 0 && window && !window.isDestroyed()) window.flashFrame(true); // Windows taskbar
      return null;
    },
    dispose() {
      for (const n of shown.values()) n.close();
      shown.clear();
    },
  };
}
