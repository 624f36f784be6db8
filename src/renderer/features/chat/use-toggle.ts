/**
 * Disclosure state that survives a row being unmounted by the virtualizer (scrolled away and
 * back): kept per key in a small module-level map, and in React state for re-rendering.
 */
import { useCallback, useState } from 'react';

const remembered = new Map<string, boolean>();
const LIMIT = 2000;

function remember(key: string, open: boolean): void {
  remembered.delete(key);
  remembered.set(key, open);
  if (remembered.size > LIMIT) {
    const oldest = remembered.keys().next().value;
    if (oldest !== undefined) remembered.delete(oldest);
  }
}

/**
 * `fallback` applies until the person toggles; after that their choice sticks for this key.
 * Returns [open, toggle].
 */
export function useRememberedToggle(key: string, fallback: boolean): [boolean, () => void] {
  const [choice, setChoice] = useState<boolean | undefined>(() => remembered.get(key));
  const open = choice ?? fallback;
  const toggle = useCallback(() => {
    setChoice(() => {
      const next = !(remembered.get(key) ?? open);
      remember(key, next);
      return next;
    });
  }, [key, open]);
  return [open, toggle];
}
