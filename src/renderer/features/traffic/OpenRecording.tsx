/** The inspector's "Open recording…" button (a file input) and what opening said. */
import { useRef } from 'react';

export function OpenRecordingButton({ onFile }: Readonly<{ onFile: (file: File) => void }>) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        accept=".jsonl,.ndjson,application/x-ndjson"
        hidden
        data-testid="traffic-open-recording-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) onFile(file);
        }}
      />
      <button
        type="button"
        className="btn btn-ghost btn-sm"
        data-testid="traffic-open-recording"
        title="Open a JSONL recording (or drop one on the inspector)"
        onClick={() => input.current?.click()}
      >
        Open recording…
      </button>
    </>
  );
}
