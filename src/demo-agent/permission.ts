/**
 * The demo agent's permission policy for edits: `auto` mode allows without asking, an
 * earlier "always" answer is reused for the rest of the session, and otherwise the client
 * gets a `session/request_permission` with one option of each of the four kinds, so a
 * client's whole permission UI is exercised. A cancel stops waiting at once.
 */
import {
  methods,
  type PermissionOption,
  type RequestPermissionResponse,
  type ToolCallUpdate,
} from '@agentclientprotocol/sdk';
import type { Turn } from './turn';

export type PermissionDecision = 'allow' | 'reject' | 'cancelled';

export const PERMISSION_OPTIONS: readonly PermissionOption[] = [
  { optionId: 'allow-once', name: 'Allow once', kind: 'allow_once' },
  { optionId: 'allow-always', name: 'Always allow edits', kind: 'allow_always' },
  { optionId: 'reject-once', name: 'Reject', kind: 'reject_once' },
  { optionId: 'reject-always', name: 'Always reject edits', kind: 'reject_always' },
];

/** Decides whether the edit described by `toolCall` may go ahead. */
export async function decideEdit(turn: Turn, toolCall: ToolCallUpdate): Promise<PermissionDecision> {
  turn.checkpoint();
  if (turn.session.modeId === 'auto') return 'allow';
  if (turn.session.remembered) return turn.session.remembered;
  let response: RequestPermissionResponse;
  try {
    response = await turn.client.request(
      methods.client.session.requestPermission,
      { sessionId: turn.session.id, toolCall, options: PERMISSION_OPTIONS.map((o) => ({ ...o })) },
      { cancellationSignal: turn.signal, stopWaitingOnCancel: true },
    );
  } catch {
    // Cancelled while waiting, or the client answered with an error: no approval either way.
    return turn.cancelled ? 'cancelled' : 'reject';
  }
  return applyOutcome(turn, response);
}

function applyOutcome(turn: Turn, response: RequestPermissionResponse): PermissionDecision {
  if (turn.cancelled || response.outcome.outcome === 'cancelled') return 'cancelled';
  const { optionId } = response.outcome;
  const kind = PERMISSION_OPTIONS.find((o) => o.optionId === optionId)?.kind;
  switch (kind) {
    case 'allow_always':
      turn.session.remembered = 'allow';
      return 'allow';
    case 'allow_once':
      return 'allow';
    case 'reject_always':
      turn.session.remembered = 'reject';
      return 'reject';
    default:
      return 'reject'; // reject_once, or an option id we never offered
  }
}
