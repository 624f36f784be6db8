/**
 * "Show me this entry": a request to scroll a session's conversation to one entry and mark it
 * (a history search hit). The message list of that session consumes it once the entry has a
 * row, scrolls it to the middle and highlights it until another entry is asked for.
 */
import { useSyncExternalStore } from 'react';

export interface FocusRequest {
  readonly sessionId: string;
  readonly entryId: string;
}

let current: FocusRequest | null = null;
const listeners = new Set<() => void>();

export function requestEntryFocus(sessionId: string, entryId: string): void {
  current = { sessionId, entryId };
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The entry of `sessionId` asked to be shown, if any. */
export function useEntryFocus(sessionId: string): string | null {
  const request = useSyncExternalStore(subscribe, () => current);
  return request?.sessionId === sessionId ? request.entryId : null;
}
