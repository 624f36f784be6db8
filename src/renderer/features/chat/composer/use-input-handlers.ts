import { useState, type ClipboardEvent, type DragEvent, type KeyboardEvent } from 'react';
import type { AttachmentsApi } from './use-attachments';
import type { CompletionApi } from './use-completion';

/** Keys (completion first, then Enter/Esc), pasted files and dropped files of the composer. */
export function useInputHandlers(opts: {
  completion: CompletionApi;
  attachments: AttachmentsApi;
  running: boolean;
  send: () => void;
  cancel: () => void;
}) {
  const { completion, attachments, running, send, cancel } = opts;
  const [dragging, setDragging] = useState(false);
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.nativeEvent.isComposing) return;
    if (completion.onKey(e.key)) {
      e.preventDefault();
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.altKey) {
      e.preventDefault();
      send();
    } else if (e.key === 'Escape' && running) {
      e.preventDefault();
      cancel();
    }
  };
  const onPaste = (e: ClipboardEvent<HTMLTextAreaElement>) => {
    const files = [...e.clipboardData.files];
    if (files.length === 0) return;
    e.preventDefault();
    void attachments.add(files);
  };
  const drop = {
    onDragOver: (e: DragEvent) => {
      if (!e.dataTransfer.types.includes('Files')) return;
      e.preventDefault();
      setDragging(true);
    },
    onDragLeave: () => setDragging(false),
    onDrop: (e: DragEvent) => {
      setDragging(false);
      const files = [...e.dataTransfer.files];
      if (files.length === 0) return;
      e.preventDefault();
      void attachments.add(files);
    },
  };
  return { onKeyDown, onPaste, drop, dragging };
}
