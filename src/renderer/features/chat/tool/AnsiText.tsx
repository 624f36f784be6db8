import { memo, useMemo } from 'react';
import { ansiSegments } from './ansi';

/** Terminal output with ANSI colours as spans (no HTML is ever injected). */
export const AnsiText = memo(function AnsiText({ text, label }: Readonly<{ text: string; label?: string }>) {
  const segments = useMemo(() => ansiSegments(text), [text]);
  return (
    <pre className="terminal" data-testid="terminal-output" aria-label={label} tabIndex={0}>
      {segments.map((s, i) =>
        s.className || s.color || s.background ? (
          <span
            key={i}
            className={s.className || undefined}
            style={s.color || s.background ? { color: s.color, background: s.background } : undefined}
          >
            {s.text}
          </span>
        ) : (
          s.text
        ),
      )}
    </pre>
  );
});
