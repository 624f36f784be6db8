import { useEffect, useRef, useState } from 'react';
import type { AvailableCommand, ContentBlock } from '@agentclientprotocol/sdk';
import { useAppState, useAppStore } from '../../../state/store-context';
import { useAgentCapabilities, useReadOnlyReason, useSessionValue } from '../session-hooks';
import { useAttachments } from './use-attachments';
import { useCompletion } from './use-completion';
import { useInputHandlers } from './use-input-handlers';

const NO_COMMANDS: readonly AvailableCommand[] = [];

/** Everything the composer does: text, attachments, "/" completion, send, stop, focus. */
export function useComposer(sessionId: string) {
  const store = useAppStore();
  const caps = useAgentCapabilities(sessionId)?.promptCapabilities;
  const commands = useSessionValue(sessionId, (s) => s.commands) ?? NO_COMMANDS;
  const turn = useSessionValue(sessionId, (s) => s.turn.status) ?? 'idle';
  const lockedReason = useReadOnlyReason(sessionId);
  const focusTick = useAppState((s) => s.ui.composerFocus);
  const [text, setText] = useState('');
  const input = useRef<HTMLTextAreaElement>(null);
  const attachments = useAttachments(caps);
  const completion = useCompletion(text, commands, setText);
  // From Enter until the core has the turn, the turn is already "running" for the person:
  // Esc or Stop in that window is remembered and sent as soon as the prompt is acknowledged.
  const [sending, setSending] = useState(false);
  const cancelQueued = useRef(false);
  const running = turn !== 'idle' || sending;

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
    cancelQueued.current = false;
    setSending(true);
    const ok = await store.sessions.prompt(sessionId, blocks);
    setSending(false);
    if (ok && cancelQueued.current) void store.sessions.cancel(sessionId);
    cancelQueued.current = false;
    if (!ok) {
      setText((t) => (t === '' ? sentText : t));
      attachments.restore(sentItems);
    }
    input.current?.focus();
  };
  const cancel = () => {
    if (sending && turn === 'idle') cancelQueued.current = true;
    else void store.sessions.cancel(sessionId);
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
