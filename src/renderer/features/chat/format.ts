/** Small text formatters shared by the chat view (durations, token counts, stop reasons). Pure. */
import type { StopReason } from '@agentclientprotocol/sdk';
import { formatDuration } from '../../../shared/util/duration';

export { formatDuration };

/** Whole seconds for ticking counters: "0 s", "12 s", "1 min 05 s". */
export function formatElapsed(ms: number): string {
  return ms < 10_000 ? `${Math.floor(Math.max(ms, 0) / 1000)} s` : formatDuration(ms);
}

/** "950", "12.3k", "1.2M". */
export function formatTokens(n: number): string {
  if (n < 1000) return String(Math.round(n));
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

const STOP_TEXT: Readonly<Record<StopReason, string>> = {
  end_turn: 'Done',
  max_tokens: 'Stopped at the token limit',
  max_turn_requests: 'Stopped at the request limit',
  refusal: 'The agent refused',
  cancelled: 'Cancelled',
};

export function stopReasonText(reason: StopReason | undefined): string {
  return reason ? (STOP_TEXT[reason] ?? reason) : 'Ended';
}

/** What to do after a turn that did not end normally. */
export function stopReasonNextStep(reason: StopReason | undefined): string | null {
  switch (reason) {
    case 'max_tokens':
      return 'Ask the agent to continue, or start a new session with a shorter context.';
    case 'max_turn_requests':
      return 'Send "continue" to let the agent go on.';
    case 'refusal':
      return 'Rephrase the request and send it again.';
    default:
      return null;
  }
}
