/**
 * ACP v1 has no replay: a prompt response written into a stream that died is gone, and a
 * prompt has no timeout of its own (turns can be long). So after a gap on a session's stream,
 * a prompt sent before the gap whose session then stays silent for `stallMs` is ended as
 * interrupted rather than left waiting forever. Any message on the session re-arms the wait.
 */
import type { Timers } from './link';
import type { PendingRequest } from './pending';

export interface GapWatchdogDeps {
  readonly timers: Timers;
  readonly stallMs: number;
  /** False once the connection changed or the transport closed. */
  stillCurrent(): boolean;
  /** Prompts of the session still waiting for their response. */
  waitingPrompts(): PendingRequest[];
  lastActivity(): number;
  interrupt(p: PendingRequest, reason: string): void;
}

export function watchAfterGap(d: GapWatchdogDeps): void {
  const gapAt = d.timers.now();
  const check = () => {
    if (!d.stillCurrent()) return;
    const waiting = d.waitingPrompts().filter((p) => p.sentAt <= gapAt);
    if (waiting.length === 0) return;
    const quietFor = d.timers.now() - Math.max(gapAt, d.lastActivity());
    if (quietFor < d.stallMs) {
      d.timers.setTimeout(check, d.stallMs - quietFor);
      return;
    }
    const reason = `no word from the agent for ${Math.round(d.stallMs / 1000)} s after the stream gap; its answer was probably lost`;
    for (const p of waiting) d.interrupt(p, reason);
  };
  d.timers.setTimeout(check, d.stallMs);
}
