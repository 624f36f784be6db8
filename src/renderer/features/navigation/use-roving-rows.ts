import { useState, type FocusEvent, type KeyboardEvent } from 'react';

const ROW = '[data-nav-row]';

function rowsIn(container: HTMLElement): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>(ROW)];
}

/** Where a key moves focus among `count` rows; null when the key does not move it. */
export function nextRowIndex(key: string, index: number, count: number): number | null {
  if (count === 0) return null;
  switch (key) {
    case 'ArrowDown':
      return index < 0 ? 0 : Math.min(index + 1, count - 1);
    case 'ArrowUp':
      return index < 0 ? count - 1 : Math.max(index - 1, 0);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

/**
 * Arrow-key navigation over the rows of a list (elements marked `data-nav-row` with a
 * `data-nav-key`), with one tab stop: the row focused last, else `fallbackKey`. Right arrow
 * moves from a row to its inline actions (`data-nav-action` in the same `data-nav-group`) one
 * by one, left arrow back. Enter and Space are the rows' own (they are buttons). `keys` are the rows
 * present, in order.
 */
export function useRovingRows(keys: readonly string[], fallbackKey: string | null) {
  const [focusedKey, setFocusedKey] = useState<string | null>(null);

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const target = e.target as HTMLElement;
    const rows = rowsIn(e.currentTarget);
    const row = target.closest<HTMLElement>(ROW);
    const group = target.closest<HTMLElement>('[data-nav-group]');
    const isAction = target.hasAttribute('data-nav-action');
    // A row's inline actions (e.g. "+" and its menu) are a line: right goes along it, left back to the row.
    const actions = [...(group?.querySelectorAll<HTMLElement>('[data-nav-action]') ?? [])];
    if (e.key === 'ArrowRight' && (row || isAction)) {
      const action = row ? actions[0] : actions[actions.indexOf(target) + 1];
      if (!action) return;
      e.preventDefault();
      action.focus();
      return;
    }
    if (e.key === 'ArrowLeft' && isAction) {
      e.preventDefault();
      const previous = actions[actions.indexOf(target) - 1];
      (previous ?? group?.querySelector<HTMLElement>(ROW))?.focus();
      return;
    }
    const anchor = row ?? (isAction ? (group?.querySelector<HTMLElement>(ROW) ?? null) : null);
    if (!anchor) return;
    const next = nextRowIndex(e.key, rows.indexOf(anchor), rows.length);
    if (next === null) return;
    e.preventDefault();
    rows[next]?.focus();
  };

  const onFocus = (e: FocusEvent<HTMLElement>) => {
    const key = (e.target as HTMLElement).closest<HTMLElement>(ROW)?.dataset.navKey;
    if (key) setFocusedKey(key);
  };

  const fallback = fallbackKey !== null && keys.includes(fallbackKey) ? fallbackKey : (keys[0] ?? null);
  const tabKey = focusedKey !== null && keys.includes(focusedKey) ? focusedKey : fallback;
  /** Props for a row: its key, and whether it is the list's one tab stop. */
  const rowProps = (key: string) => ({ 'data-nav-row': '', 'data-nav-key': key, tabIndex: key === tabKey ? 0 : -1 });

  return { onKeyDown, onFocus, rowProps };
}
