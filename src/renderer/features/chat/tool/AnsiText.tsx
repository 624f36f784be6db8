import { memo, useMemo } from 'react';
import { ansiSegments } from './ansi';
import { MoreLines, tailLines, useLineWindow } from './line-window';

/** Terminal output with ANSI colours as spans (no HTML is ever injected). */
export const AnsiText = memo(function AnsiText({ text, label }: Readonly<{ text: string; label?: string }>) {
  const lineCount = useMemo(() => text.split('\n').length, [text]);
  const window = useLineWindow(lineCount);
  const segments = useMemo(() => ansiSegments(tailLines(text, window.limit).text), [text, window.limit]);
  return (
    <>
      <MoreLines hidden={window.hidden} more={window.more} all={window.all} what="earlier lines" />
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
    </>
  );
});
