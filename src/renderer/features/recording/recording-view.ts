/**
 * Which recording the main area shows as a read-only chat, and the moment its time scrubber
 * is at: shared by the chat (which owns the scrubber) and the traffic inspector (which shows
 * the recording's records up to that moment), two parts of the UI that do not own each
 * other, like the chat ↔ frames requests. Kept free of either side's code.
 */
import { useSyncExternalStore } from 'react';

export interface RecordingChatTarget {
  /** The recording's pseudo-endpoint id. */
  readonly endpointId: string;
  /** The file's name. */
  readonly name: string;
}

/** Where the scrubber is: `at` within [start, end] (epoch ms); at `end` everything shows. */
export interface ScrubPosition {
  readonly endpointId: string;
  readonly start: number;
  readonly end: number;
  readonly at: number;
}

let target: RecordingChatTarget | null = null;
let scrub: ScrubPosition | null = null;
/** "Show in chat" from the inspector: the recorded chat shows this session, at its end. */
let jump: { readonly sessionId: string; readonly nonce: number } | null = null;
let nonce = 0;
const listeners = new Set<() => void>();
const notify = () => {
  for (const l of listeners) l();
};
const subscribe = (l: () => void) => (listeners.add(l), () => void listeners.delete(l));

export function showRecordingChat(next: RecordingChatTarget): void {
  if (target?.endpointId === next.endpointId && target.name === next.name) return;
  target = { endpointId: next.endpointId, name: next.name };
  scrub = null;
  notify();
}

export function closeRecordingChat(): void {
  if (!target && !scrub) return;
  target = null;
  scrub = null;
  notify();
}

export function useRecordingChat(): RecordingChatTarget | null {
  return useSyncExternalStore(subscribe, () => target);
}

/** The recording shown as a chat now (outside React). */
export function currentRecordingChat(): RecordingChatTarget | null {
  return target;
}

/** Asks the recorded chat to show `sessionId` as it ended (an entry of it is about to be focused). */
export function requestRecordedSession(sessionId: string): void {
  jump = { sessionId, nonce: ++nonce };
  notify();
}

export function useRecordedSessionRequest(): { readonly sessionId: string; readonly nonce: number } | null {
  return useSyncExternalStore(subscribe, () => jump);
}

export function setScrub(next: ScrubPosition | null): void {
  const same =
    next === scrub ||
    (next !== null &&
      scrub !== null &&
      next.endpointId === scrub.endpointId &&
      next.start === scrub.start &&
      next.end === scrub.end &&
      next.at === scrub.at);
  if (same) return;
  scrub = next;
  notify();
}

export function useScrub(): ScrubPosition | null {
  return useSyncExternalStore(subscribe, () => scrub);
}

/** For tests. */
export function resetRecordingView(): void {
  target = null;
  scrub = null;
  jump = null;
  notify();
}
