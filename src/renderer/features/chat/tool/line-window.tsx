import { useState } from 'react';

/**
 * Huge tool output (a long build log, a generated file's diff) is rendered in a window of
 * lines with a button to reveal more, so one card can never freeze the chat; the message
 * list around it is virtualized separately.
 */
export function useLineWindow(total: number, step = 400) {
  const [limit, setLimit] = useState(step);
  return {
    limit,
    hidden: Math.max(0, total - limit),
    more: () => setLimit((l) => l + step * 5),
    all: () => setLimit(Number.POSITIVE_INFINITY),
  };
}

export function MoreLines({
  hidden,
  more,
  all,
  what,
}: Readonly<{ hidden: number; more: () => void; all: () => void; what: string }>) {
  if (hidden <= 0) return null;
  return (
    <div className="more-lines" data-testid="more-lines">
      <span>
        {hidden.toLocaleString()} {what} hidden
      </span>
      <button type="button" className="link-button" onClick={more}>
        Show more
      </button>
      <button type="button" className="link-button" onClick={all}>
        Show all
      </button>
    </div>
  );
}

/** The last `limit` lines of a text (the end of a log is what matters most). */
export function tailLines(text: string, limit: number): { text: string; total: number } {
  const lines = text.split('\n');
  if (lines.length <= limit) return { text, total: lines.length };
  return { text: lines.slice(lines.length - limit).join('\n'), total: lines.length };
}
