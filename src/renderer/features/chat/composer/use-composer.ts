import { useEffect, useRef, useState } from 'react';
import type { AvailableCommand, ContentBlock } from '@agentclientprotocol/sdk';
import { useAppStore } from '../../../state/store-context';
import { useAttachments } from './use-attachments';
import { useCompletion } from './use-completion';
import { useInputHandlers } from './use-input-handlers';
import { usePendingTurn } from './use-pending-turn';
import {
  useAgentCapabilities,
  useComposerFocusTick,
  useReadOnlyReason,
  useSessionValue,
} from '../../../state/selectors';

const NO_COMMANDS: readonly AvailableCommand[] = [];

/** Everything the composer does: text, attachments, "/" completion, send, stop, focus. */
export function useComposer(sessionId: string) {
  const store = useAppStore();
  const caps = useAgentCapabilities(sessionId)?.promptCapabilities;
  const commands = useSessionValue(sessionId, (s) => s.commands) ?? NO_COMMANDS;
  const turn = useSessionValue(sessionId, (s) => s.turn.status) ?? 'idle';
  const lockedReason = useReadOnlyReason(sessionId);
  const focusTick = useComposerFocusTick();
  const [text, setText] = useState('');
  const input = useRef<HTMLTextAreaElement>(null);
  const attachments = useAttachments(caps);
  const completion = useCompletion(text, commands, setText);
  // From Enter until this window has seen the turn, the turn is already "running" for the
  // person: Esc or Stop in that window is never ignored (see usePendingTurn).
  const pending = usePendingTurn(sessionId, turn);
  const running = turn !== 'idle' || pending.active;

  const mounted = useRef(false);
  useEffect(() => {
    // On mount, a permission prompt that already took focus keeps it; later requests win.
    const first = !mounted.current;
    mounted.current = true;
    if (first && document.activeElement?.closest('.perm')) return;
    input.current?.focus();
  }, [focusTick]);

  const canSend = lockedReason === null && !running && (text.trim() !== '' || attachments.items.length > 0);
  const send = async () => {
    if (!canSend) return;
    const sentText = text;
    const sentItems = attachments.items;
    const blocks: ContentBlock[] = [
      ...(text.trim() ? [{ type: 'text' as const, text }] : []),
      ...sentItems.map((a) => a.block),
    ];
    setText('');
    attachments.clear();
    const ok = await pending.track(() => store.sessions.prompt(sessionId, blocks));
    if (!ok) {
      setText((t) => (t === '' ? sentText : t));
      attachments.restore(sentItems);
    }
    input.current?.focus();
  };
  const cancel = () => {
    if (!pending.deferCancel()) void store.sessions.cancel(sessionId);
  };
  const handlers = useInputHandlers({ completion, attachments, running, send: () => void send(), cancel });
  return {
    input,
    text,
    setText,
    attachments,
    completion,
    turn,
    running,
    lockedReason,
    canSend,
    send,
    cancel,
    ...handlers,
  };
}
