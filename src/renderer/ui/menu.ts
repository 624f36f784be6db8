/**
 * The keyboard and pointer behaviour every popup menu shares (Export, the Session menu, the
 * endpoint menu): a click outside closes it, opening focuses its first item, and the arrow
 * keys, Home and End move between its `role="menuitem"` buttons, wrapping around.
 */
import { useEffect, type KeyboardEvent, type RefObject } from 'react';

const ITEM = '[role="menuitem"]';

/**
 * While `open` (the menu, or a confirmation or form it opened in its place): a pointer down
 * outside `root` calls `close`. When `menuShown` turns true, the first menu item takes focus.
 */
export function useMenuDismiss(
  root: RefObject<HTMLElement | null>,
  open: boolean,
  close: () => void,
  menuShown: boolean = open,
): void {
  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) close();
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open, root, close]);
  useEffect(() => {
    if (menuShown) root.current?.querySelector<HTMLButtonElement>(ITEM)?.focus();
  }, [menuShown, root]);
}

/** Arrow keys, Home and End move focus between the menu items under `root`; other keys pass. */
export function moveMenuFocus(root: HTMLElement | null, e: KeyboardEvent): void {
  const list = [...(root?.querySelectorAll<HTMLButtonElement>(ITEM) ?? [])];
  if (list.length === 0) return;
  const i = list.indexOf(document.activeElement as HTMLButtonElement);
  const next: Record<string, number> = {
    ArrowDown: (i + 1) % list.length,
    ArrowUp: (i - 1 + list.length) % list.length,
    Home: 0,
    End: list.length - 1,
  };
  const to = next[e.key];
  if (to === undefined) return;
  list[to]?.focus();
  e.preventDefault();
}
