/**
 * Browser mode's only OS-level signal (issue 13): the Web Notification API, used only when the
 * person has already granted it to this page (never asked for here) and the tab is not
 * focused. Electron does this in the main process (src/main/attention.ts) and skips this one.
 */
import type { AttentionReport } from '../../shared/domain/attention';

/** The part of the DOM `Notification` used here. */
export interface WebNotificationLike {
  onclick: (() => void) | null;
  close(): void;
}
export interface WebNotificationApi {
  readonly permission: string;
  new (title: string, options?: { body?: string; tag?: string }): WebNotificationLike;
}

export interface WebNotifyEnv {
  readonly Notification: WebNotificationApi | undefined;
  /** Whether the page has focus now (`document.hasFocus()`). */
  hasFocus(): boolean;
  /** Brings the tab forward (`window.focus()`). */
  focus(): void;
}

function browserEnv(): WebNotifyEnv | null {
  if (typeof window === 'undefined' || typeof document === 'undefined') return null;
  const api = (globalThis as { Notification?: WebNotificationApi }).Notification;
  return { Notification: api, hasFocus: () => document.hasFocus(), focus: () => window.focus() };
}

export type WebNotifier = (report: AttentionReport) => void;

/** Notifies each newly waiting session (and each finished turn reported) while the tab is away. */
export function createWebNotifier(
  openSession: (sessionId: string) => void,
  env: WebNotifyEnv | null = browserEnv(),
): WebNotifier {
  let waiting = new Set<string>();
  return (report) => {
    const fresh = report.waiting.filter((i) => !waiting.has(i.sessionId));
    waiting = new Set(report.waiting.map((i) => i.sessionId));
    const Api = env?.Notification;
    if (!env || !Api || Api.permission !== 'granted' || env.hasFocus()) return;
    const show = (sessionId: string, title: string, body: string) => {
      const n = new Api(title, { body, tag: sessionId });
      n.onclick = () => {
        env.focus();
        openSession(sessionId);
        n.close();
      };
    };
    for (const i of fresh)
      show(i.sessionId, `${i.title} needs your answer`, `${i.endpointName}: the agent is waiting.`);
    for (const f of report.finished)
      show(f.sessionId, `${f.title}: turn finished`, `${f.endpointName}: the agent is done.`);
  };
}
