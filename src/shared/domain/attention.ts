/**
 * Sessions that need the person (issue 13, Attention): the renderer computes them from its
 * state and reports them to the host, which in Electron turns them into OS notifications and
 * the dock/taskbar badge. Browser mode shows only the window title count and sidebar badges.
 */
import type { SessionState } from './session';

/** Why a session waits for the person. */
export type AttentionReason = 'permission' | 'elicitation';

export interface AttentionItem {
  readonly sessionId: string;
  readonly title: string;
  readonly endpointName: string;
  readonly reason: AttentionReason;
}

/** Bounded, so a flood of sessions cannot make one report unbounded. */
export const MAX_ATTENTION_ITEMS = 100;
/** Titles and endpoint names are cut to this in a report (they are shown in a notification). */
export const MAX_ATTENTION_TEXT = 200;

/** What `app:attention` carries: the sessions waiting now and the turns that just ended. */
export interface AttentionReport {
  /** How many sessions wait (the badge count; `waiting` may list fewer). */
  readonly count: number;
  /** Every session waiting for an answer right now (the badge count is its length). */
  readonly waiting: readonly AttentionItem[];
  /** Sessions whose turn ended since the last report, off screen (only with the setting on). */
  readonly finished: readonly Omit<AttentionItem, 'reason'>[];
}

/**
 * What a session waits for, if anything: a pending permission first, else an elicitation
 * that still needs an answer (an accepted URL one waits for the agent, not the person).
 */
export function waitingReason(state: Pick<SessionState, 'permissions' | 'elicitations'>): AttentionReason | null {
  if (Object.keys(state.permissions).length > 0) return 'permission';
  for (const e of Object.values(state.elicitations ?? {})) if (!e.accepted) return 'elicitation';
  return null;
}
