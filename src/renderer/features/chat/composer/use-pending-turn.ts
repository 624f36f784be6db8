import { useEffect, useRef, useState } from 'react';
import { useAppStore } from '../../../state/store-context';
import { useSessionValue } from '../../../state/selectors';

type Phase =
  | { readonly kind: 'none' }
  /** Enter was pressed; the core has not acknowledged the prompt yet. */
  | { readonly kind: 'sending'; readonly cancel: boolean }
  /** The core has the turn; its events have not reached this window yet. */
  | { readonly kind: 'acknowledged' };

/**
 * The turn a person started but this window cannot see yet. Session events reach the
 * renderer in batches, so between Enter and the turn's first event the session still looks
 * idle; without this, Esc or Stop in that window would be silently ignored. A cancel before
 * the acknowledgement is held and sent as soon as the prompt is acknowledged (the core only
 * knows the turn from then on); after it, a cancel goes straight to the core.
 */
export function usePendingTurn(sessionId: string, turn: 'idle' | 'running' | 'cancelling') {
  const store = useAppStore();
  const [phase, setPhase] = useState<Phase>({ kind: 'none' });
  const ref = useRef(phase);
  ref.current = phase;
  const lastTurnEnd = useSessionValue(sessionId, (s) => {
    const id = s.entryIds[s.entryIds.length - 1];
    const last = id === undefined ? undefined : s.entries[id];
    return last?.kind === 'turn_end' ? last.turnId : undefined;
  });
  const ackedTurn = useRef<string | undefined>(undefined);

  // The window has seen the turn: it is running, or it already ended (a very short turn).
  useEffect(() => {
    if (ref.current.kind !== 'acknowledged') return;
    if (turn !== 'idle' || (lastTurnEnd !== undefined && lastTurnEnd === ackedTurn.current)) set({ kind: 'none' });
  }, [turn, lastTurnEnd]);

  function set(next: Phase) {
    ref.current = next;
    setPhase(next);
  }

  return {
    active: phase.kind !== 'none',
    /** Runs the prompt call; true when the core accepted it. */
    async track(send: () => Promise<string | null>): Promise<boolean> {
      set({ kind: 'sending', cancel: false });
      const turnId = await send();
      const cancelHeld = ref.current.kind === 'sending' && ref.current.cancel;
      if (turnId === null) {
        set({ kind: 'none' });
        return false;
      }
      ackedTurn.current = turnId;
      set({ kind: 'acknowledged' });
      if (cancelHeld) void store.sessions.cancel(sessionId);
      return true;
    },
    /** Holds a cancel while the prompt is unacknowledged; false when it should be sent now. */
    deferCancel(): boolean {
      if (ref.current.kind !== 'sending') return false;
      set({ kind: 'sending', cancel: true });
      return true;
    },
  };
}
