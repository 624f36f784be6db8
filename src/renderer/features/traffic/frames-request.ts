/**
 * Cross-links between the chat and the traffic inspector, as requests between two parts of
 * the UI that do not own each other (like the chat's focus-request): a chat item asks the
 * inspector to show the frames that built it. Kept free of the inspector's code, so the
 * chat's "Show frames" action does not load the lazily loaded inspector bundle.
 *
 * What "the frames of" a chat item are (see traffic-links.ts for the queries):
 * - a tool call card: every record with its toolCallId (`toolcall:` in the query language):
 *   its `session/update` notifications, its `session/request_permission` and the answer;
 * - an agent message / thought: that kind of `session/update` chunks of the item's turn, the
 *   records from the turn's `session/prompt` request to its response (by time). Turns are
 *   counted from the newest one, so history the agent replayed (`session/load`, no prompt on
 *   the wire) does not shift them;
 * - the plan: the session's `plan` updates;
 * - a Diagnose step (no session): the records it made, by seq, in the run's own connection.
 */
import { useSyncExternalStore } from 'react';

export type ChunkUpdate = 'agent_message_chunk' | 'agent_thought_chunk';

export type FramesTarget =
  | { readonly kind: 'toolcall'; readonly toolCallId: string }
  /** `turnFromEnd`: 1 for the newest turn; 0 when the item precedes every prompt of the session. */
  | { readonly kind: 'chunks'; readonly update: ChunkUpdate; readonly turnFromEnd: number }
  | { readonly kind: 'plan' }
  /** Records `fromSeq`..`toSeq` (both included) of the connection: a Diagnose step's. */
  | { readonly kind: 'records'; readonly fromSeq: number; readonly toSeq: number };

export interface FramesRequest {
  readonly endpointId: string;
  /** Absent for records of no session (a Diagnose step). */
  readonly sessionId?: string;
  readonly target: FramesTarget;
  /** What the frames are of, for the inspector's banner: "this tool call". */
  readonly label: string;
  /** Tells repeated requests for the same item apart. */
  readonly nonce: number;
}

let current: FramesRequest | null = null;
let nonce = 0;
/** The newest request an inspector applied: a remounted panel does not apply it again. */
let handled = 0;
const listeners = new Set<() => void>();

export function requestFrames(request: Omit<FramesRequest, 'nonce'>): void {
  current = { ...request, nonce: ++nonce };
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useFramesRequest(): FramesRequest | null {
  return useSyncExternalStore(subscribe, () => current);
}

/** True until an inspector applied `request`. */
export function isPendingFrames(request: FramesRequest | null): request is FramesRequest {
  return request !== null && request.nonce > handled;
}

export function markFramesHandled(request: FramesRequest): void {
  handled = Math.max(handled, request.nonce);
}

/** For tests: forgets the last request. */
export function resetFramesRequest(): void {
  current = null;
  handled = nonce;
}
