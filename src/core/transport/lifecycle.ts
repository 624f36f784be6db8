/**
 * The lifecycle of one ACP connection, as one explicit state machine. Every phase the
 * transport can be in is a case of `Phase`; every move between phases is a case of
 * `LifeEvent`, and `nextPhase` is the only place that decides which moves are allowed. It is
 * pure (no clock, no I/O), so the whole table is unit-tested; AcpTransport applies it and gives
 * each phase its own timer scope and abort signal, ended when the phase is left, so nothing a
 * phase started (a recovery loop, a backoff sleep, an offline retry timer) outlives it.
 *
 *   idle ─start→ connecting ─established→ open ─lost→ recovering ─rebuilt→ reattaching ─reattached→ open
 *                    │                     │            │  ↑ retry(attempt)          │
 *                    └─fatal→ failed ←─────┴──fatal─────┤  └──────────┐             │
 *                                                       └─spent→ offline ─retry-now→ recovering
 *   any phase ─close→ closed (terminal; so is failed, except for close)
 */
import type { ConnectionState, TransportEvent } from '../../shared/domain/traffic';

export type Phase =
  | { readonly name: 'idle' }
  | { readonly name: 'connecting' }
  | { readonly name: 'open'; readonly since: number }
  /** Rebuilding a lost connection: `attempt` 0 is the first try, then one per retry. */
  | { readonly name: 'recovering'; readonly reason: string; readonly attempt: number; readonly lastError?: string }
  /** Connection rebuilt; its sessions are being re-attached before anything else is sent. */
  | { readonly name: 'reattaching'; readonly reason: string }
  /** The fast retry budget is spent: one rebuild every `retryEveryMs` (or Retry now). */
  | { readonly name: 'offline'; readonly reason: string; readonly retryEveryMs: number; readonly since: number }
  | { readonly name: 'failed'; readonly reason: string; readonly kind: string }
  | { readonly name: 'closed' };

export type PhaseName = Phase['name'];

export type LifeEvent =
  | { readonly type: 'start' }
  | { readonly type: 'established'; readonly at: number }
  | { readonly type: 'lost'; readonly reason: string }
  | { readonly type: 'retry'; readonly attempt: number; readonly error: string }
  | { readonly type: 'rebuilt' }
  | { readonly type: 'reattached'; readonly at: number }
  | { readonly type: 'spent'; readonly reason: string; readonly retryEveryMs: number; readonly at: number }
  | { readonly type: 'retry-now' }
  | { readonly type: 'fatal'; readonly reason: string; readonly kind: string }
  | { readonly type: 'close' };

/** The next phase, or undefined when the event means nothing in this phase (it is ignored). */
export function nextPhase(phase: Phase, event: LifeEvent): Phase | undefined {
  if (phase.name === 'closed') return undefined;
  if (event.type === 'close') return { name: 'closed' };
  if (phase.name === 'failed') return undefined;
  if (event.type === 'fatal') return { name: 'failed', reason: event.reason, kind: event.kind };
  switch (phase.name) {
    case 'idle':
      return event.type === 'start' ? { name: 'connecting' } : undefined;
    case 'connecting':
      return event.type === 'established' ? { name: 'open', since: event.at } : undefined;
    case 'open':
      return event.type === 'lost' ? { name: 'recovering', reason: event.reason, attempt: 0 } : undefined;
    case 'recovering':
      if (event.type === 'retry') return { ...phase, attempt: event.attempt, lastError: event.error };
      if (event.type === 'rebuilt') return { name: 'reattaching', reason: phase.reason };
      if (event.type === 'spent')
        return { name: 'offline', reason: event.reason, retryEveryMs: event.retryEveryMs, since: event.at };
      return undefined;
    case 'reattaching':
      if (event.type === 'reattached') return { name: 'open', since: event.at };
      // The rebuilt connection was lost while its sessions were being re-attached.
      if (event.type === 'lost') return { name: 'recovering', reason: event.reason, attempt: 0 };
      return undefined;
    case 'offline':
      return event.type === 'retry-now' ? { name: 'recovering', reason: phase.reason, attempt: 0 } : undefined;
  }
}

/** What the rest of the app calls this phase (status bar, sidebar, CLI). */
export function connectionStateOf(phase: Phase): ConnectionState {
  switch (phase.name) {
    case 'idle':
      return 'idle';
    case 'connecting':
      return 'connecting';
    case 'open':
      return 'connected';
    case 'recovering':
      return phase.attempt === 0 ? 'recovering' : 'reconnecting';
    case 'reattaching':
      return 'recovering';
    case 'offline':
      return 'offline';
    case 'failed':
      return 'failed';
    case 'closed':
      return 'closed';
  }
}

/** The state event's detail for a phase (why it is there). */
export function detailOf(phase: Phase): string | undefined {
  switch (phase.name) {
    case 'recovering':
      return phase.lastError ?? phase.reason;
    case 'reattaching':
      return phase.reason;
    case 'offline':
      return `offline, retrying every ${Math.round(phase.retryEveryMs / 1000)} s (${phase.reason})`;
    case 'failed':
      return phase.reason;
    default:
      return undefined;
  }
}

/** Messages go out only on an open connection (re-attach requests have their own path). */
export function sendsNow(phase: Phase): boolean {
  return phase.name === 'open';
}

/** Phases after which nothing ever runs again. */
export function isTerminal(phase: Phase): boolean {
  return phase.name === 'closed' || phase.name === 'failed';
}

/**
 * How long to wait before rebuilding a connection that was just lost. A connection that had
 * been open for a while is rebuilt at once; one that keeps dying soon after each rebuild (a
 * server that accepts initialize and drops everything) waits longer every time, and after
 * `maxQuickRebuilds` in a row goes offline, so a client can never spin in a rebuild loop.
 */
export function rebuildPlan(
  quickLosses: number,
  policy: { readonly baseMs: number; readonly maxMs: number; readonly maxQuickRebuilds: number },
  random: () => number,
): { readonly delayMs: number } | { readonly offline: true } {
  if (quickLosses === 0) return { delayMs: 0 };
  if (quickLosses > policy.maxQuickRebuilds) return { offline: true };
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** quickLosses);
  return { delayMs: Math.round(ceiling / 2 + (random() * ceiling) / 2) };
}

/**
 * Which streams of the current link are being re-opened, and why. An open connection with a
 * stream down is not "connected": it shows as reconnecting until every stream is back, so
 * the sidebar, the header and the CLI tell the same, true story.
 */
export class LaneHealth {
  readonly #down = new Map<string, string>();

  /** Notes a lane event; returns the state an open connection now shows, or undefined if unchanged. */
  note(e: TransportEvent): { state: 'reconnecting'; reason: string } | { state: 'connected' } | undefined {
    if (e.type === 'reconnect') this.#down.set(e.lane, e.reason);
    else if (e.type === 'gap') this.#down.delete(e.lane);
    else return undefined;
    const [reason] = this.#down.values();
    return reason !== undefined ? { state: 'reconnecting', reason } : { state: 'connected' };
  }

  clear(): void {
    this.#down.clear();
  }
}
