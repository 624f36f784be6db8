/**
 * Turns of a conversation, counted from the newest (1) so the chat and the wire agree even
 * when the chat also holds history the agent replayed (no `session/prompt` on the wire for it).
 */
import type { Entry } from '../../../shared/domain/session';

/** The turn of entry `id`: 1 for the newest; 0 when no prompt of the person precedes it. */
export function turnFromEnd(ids: readonly string[], entries: Readonly<Record<string, Entry>>, id: string): number {
  const at = ids.indexOf(id);
  if (at < 0) return 0;
  let turn = 0;
  let seenOwn = false;
  for (let i = ids.length - 1; i >= 0; i--) {
    if (i <= at && !seenOwn) seenOwn = true;
    if (entries[ids[i]!]?.kind === 'user') {
      turn++;
      if (seenOwn) return turn;
    }
  }
  return 0;
}

/**
 * The entry of turn `fromEnd` (see turnFromEnd) of `kind`: the first one after that turn's
 * prompt, or the prompt itself for 'user'. Undefined when the chat has no such entry.
 */
export function entryOfTurn(
  ids: readonly string[],
  entries: Readonly<Record<string, Entry>>,
  fromEnd: number,
  kind: Entry['kind'],
): string | undefined {
  let turn = 0;
  let start = -1;
  for (let i = ids.length - 1; i >= 0; i--) {
    if (entries[ids[i]!]?.kind === 'user' && ++turn === fromEnd) {
      start = i;
      break;
    }
  }
  if (start < 0) return undefined;
  if (kind === 'user') return ids[start];
  for (let i = start + 1; i < ids.length; i++) {
    const e = entries[ids[i]!];
    if (e?.kind === 'user') return undefined;
    if (e?.kind === kind) return ids[i];
  }
  return undefined;
}

/** The newest tool call entry of `toolCallId` (an id the agent reused starts a new card). */
export function toolCallEntry(
  ids: readonly string[],
  entries: Readonly<Record<string, Entry>>,
  toolCallId: string,
): string | undefined {
  for (let i = ids.length - 1; i >= 0; i--) {
    const e = entries[ids[i]!];
    if (e?.kind === 'tool_call' && e.toolCallId === toolCallId) return ids[i];
  }
  return undefined;
}
