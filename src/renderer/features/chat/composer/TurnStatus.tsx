import { formatElapsed, stopReasonText } from '../format';
import { useSessionValue } from '../../../state/selectors';
import { useNow } from '../use-now';

/** "Running for 12 s", "Cancelling…", or how the last turn ended. */
export function TurnStatus({ sessionId }: Readonly<{ sessionId: string }>) {
  const turn = useSessionValue(sessionId, (s) => s.turn);
  const running = turn?.status === 'running';
  const now = useNow(running);
  if (!turn) return null;
  let text: string | null = null;
  let tone = 'idle';
  if (turn.status === 'running' && turn.waiting) {
    text = 'Waiting for the connection… (sent once the agent is back)';
    tone = 'running';
  } else if (turn.status === 'running') {
    text = `Running for ${formatElapsed(now - (turn.startedAt ?? now))}`;
    tone = 'running';
  } else if (turn.status === 'cancelling') {
    text = 'Cancelling…';
    tone = 'running';
  } else if (turn.lastError) {
    text = 'Last turn failed';
    tone = 'failed';
  } else if (turn.lastStopReason) {
    text = `Last turn: ${stopReasonText(turn.lastStopReason).toLowerCase()}`;
  }
  if (!text) return null;
  return (
    <span
      className={`turn-status turn-status-${tone}`}
      data-testid="turn-status"
      data-waiting={turn.waiting ? '' : undefined}
      title={turn.waiting ?? turn.lastError}
    >
      {tone === 'running' && <span className="spinner spinner-xs" aria-hidden="true" />}
      {text}
    </span>
  );
}
