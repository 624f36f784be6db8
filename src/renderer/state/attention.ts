/**
 * Which sessions need the person, from the renderer's state (issue 13, Attention). A session
 * held in this window is judged by its folded state (fresher than the history list); any other
 * by the `waitingFor` the host puts in its summary, so a session never opened here (after a
 * reload, say) still counts. Pure.
 */
import {
  MAX_ATTENTION_ITEMS,
  MAX_ATTENTION_TEXT,
  waitingReason,
  type AttentionItem,
  type AttentionReason,
  type AttentionReport,
} from '../../shared/domain/attention';
import type { SessionSummary } from '../../shared/domain/history';
import type { AppState } from './app-state';

type SessionsPart = Pick<AppState['sessions'], 'summaries' | 'byId'>;

/** Why the session of this history row waits for the person, or null. */
export function summaryAttention(s: Pick<AppState, 'sessions'>, summary: SessionSummary): AttentionReason | null {
  return reasonOf(s.sessions, summary);
}

function reasonOf(s: SessionsPart, summary: SessionSummary): AttentionReason | null {
  const held = s.byId[summary.sessionId];
  if (held) return waitingReason(held);
  return summary.live ? (summary.waitingFor ?? null) : null;
}

/** Why this session waits for the person, or null. */
export function sessionAttention(s: Pick<AppState, 'sessions'>, sessionId: string): AttentionReason | null {
  const summary = s.sessions.summaries.find((x) => x.sessionId === sessionId);
  if (summary) return reasonOf(s.sessions, summary);
  const held = s.sessions.byId[sessionId];
  return held ? waitingReason(held) : null;
}

/** Every waiting session, in history-list order. */
export function attentionItems(s: Pick<AppState, 'sessions'>): AttentionItem[] {
  const out: AttentionItem[] = [];
  for (const summary of s.sessions.summaries) {
    const reason = reasonOf(s.sessions, summary);
    if (!reason) continue;
    out.push({
      sessionId: summary.sessionId,
      title: summary.title || 'Untitled session',
      endpointName: summary.endpointName,
      reason,
    });
  }
  return out;
}

/** How many sessions wait for the person (the window title's count). */
export function attentionCount(s: Pick<AppState, 'sessions'>): number {
  return attentionItems(s).length;
}

/** How many sessions of one endpoint wait for the person (its sidebar badge). */
export function endpointAttentionCount(s: Pick<AppState, 'sessions'>, endpointId: string): number {
  let n = 0;
  for (const summary of s.sessions.summaries)
    if (summary.endpointId === endpointId && reasonOf(s.sessions, summary)) n++;
  return n;
}

export const BASE_TITLE = 'ACP Desk';

/** "(2) ACP Desk" while two sessions wait, else "ACP Desk". */
export function windowTitle(count: number): string {
  return count > 0 ? `(${count}) ${BASE_TITLE}` : BASE_TITLE;
}

/** The accessible words of a badge: what the session waits for. */
export function attentionLabel(reason: AttentionReason): string {
  return reason === 'permission' ? 'needs your answer: permission' : 'needs your answer: question';
}

/**
 * The sessions whose turn ended between two history lists, not on screen: those are what
 * "notify when a turn finishes" reports. `onScreen` is the session the chat shows, if any.
 */
export function finishedTurns(
  before: readonly SessionSummary[],
  after: readonly SessionSummary[],
  onScreen: string | null,
): AttentionReport['finished'] {
  const running = new Set(before.filter((s) => s.turnRunning).map((s) => s.sessionId));
  return after
    .filter((s) => running.has(s.sessionId) && !s.turnRunning && s.sessionId !== onScreen)
    .map((s) => ({ sessionId: s.sessionId, title: s.title || 'Untitled session', endpointName: s.endpointName }));
}

const cut = (text: string) => (text.length > MAX_ATTENTION_TEXT ? `${text.slice(0, MAX_ATTENTION_TEXT - 1)}…` : text);

function bounded<T extends { title: string; endpointName: string }>(item: T): T {
  return { ...item, title: cut(item.title), endpointName: cut(item.endpointName) };
}

/** The report for the host, bounded like its schema. */
export function attentionReport(
  s: Pick<AppState, 'sessions'>,
  finished: AttentionReport['finished'] = [],
): AttentionReport {
  const waiting = attentionItems(s);
  return {
    count: waiting.length,
    waiting: waiting.slice(0, MAX_ATTENTION_ITEMS).map(bounded),
    finished: finished.slice(0, MAX_ATTENTION_ITEMS).map(bounded),
  };
}
