import { useRef } from 'react';
import { Glyph } from '../icons';

/** Paperclip: picks files through a hidden file input. */
export function AttachButton({ disabled, onFiles }: Readonly<{ disabled: boolean; onFiles: (files: File[]) => void }>) {
  const picker = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={picker}
        type="file"
        multiple
        hidden
        tabIndex={-1}
        onChange={(e) => {
          onFiles([...(e.target.files ?? [])]);
          e.target.value = '';
        }}
      />
      <button
        type="button"
        className="icon-btn"
        aria-label="Attach files"
        title="Attach images or text files"
        disabled={disabled}
        onClick={() => picker.current?.click()}
      >
        <Glyph name="clip" />
      </button>
    </>
  );
}

/** Send while idle; Stop while a turn runs (disabled while it is being cancelled). */
export function SendStopButton({
  running,
  cancelling,
  canSend,
  onSend,
  onStop,
}: Readonly<{ running: boolean; cancelling: boolean; canSend: boolean; onSend: () => void; onStop: () => void }>) {
  if (running)
    return (
      <button
        type="button"
        className="send-btn stop-btn"
        data-testid="stop-button"
        aria-label={cancelling ? 'Stopping the turn' : 'Stop the turn'}
        title="Stop (Esc)"
        disabled={cancelling}
        onClick={onStop}
      >
        <Glyph name="stop" />
      </button>
    );
  return (
    <button
      type="button"
      className="send-btn"
      data-testid="send-button"
      aria-label="Send"
      title="Send (Enter)"
      disabled={!canSend}
      onClick={onSend}
    >
      <Glyph name="send" />
    </button>
  );
}
