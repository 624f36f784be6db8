import { useId } from 'react';
import type { Entry } from '../../../../shared/domain/session';
import { formatDuration } from '../format';
import { Glyph } from '../icons';
import { useRememberedToggle } from '../use-toggle';
import { noteThought } from './thought-timing';

type ThoughtEntryData = Extract<Entry, { kind: 'thought' }>;

/** The agent's reasoning: open while it streams, folded once the next entry exists. */
export function ThoughtEntry({
  sessionId,
  entry,
  streaming,
}: Readonly<{ sessionId: string; entry: ThoughtEntryData; streaming: boolean }>) {
  const key = `${sessionId}:${entry.id}`;
  const [open, toggle] = useRememberedToggle(`${key}:thought`, streaming);
  const duration = noteThought(key, streaming, Date.now());
  const id = useId();
  const label = streaming ? 'Thinking…' : thoughtLabel(duration);
  return (
    <div className="thought" data-testid="entry-thought" data-streaming={streaming || undefined}>
      <button
        type="button"
        className="disclosure thought-toggle"
        aria-expanded={open}
        aria-controls={id}
        onClick={toggle}
      >
        <Glyph name="chevron" className="disclosure-chevron" />
        <Glyph name="think" />
        <span className={streaming ? 'thought-label shimmer' : 'thought-label'}>{label}</span>
      </button>
      {open && (
        <div className="thought-text" id={id}>
          {entry.text}
        </div>
      )}
    </div>
  );
}

function thoughtLabel(duration: number | undefined): string {
  if (duration === undefined) return 'Thought';
  return duration < 1000 ? 'Thought for a moment' : `Thought for ${formatDuration(duration)}`;
}
