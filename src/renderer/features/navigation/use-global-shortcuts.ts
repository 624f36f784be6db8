import { useEffect } from 'react';
import { useAppStore } from '../../state/store-context';
import type { AppStore } from '../../state/store';
import { focusComposer, newSession, showHistory, stepSession } from './app-actions';
import { isTypingTarget, matchShortcut, type KeyLike, type ShortcutId } from './shortcuts';

export function runShortcut(store: AppStore, id: ShortcutId): void {
  switch (id) {
    case 'palette':
      store.commands.setPaletteOpen(!store.getState().ui.paletteOpen);
      return;
    case 'newSession':
      void newSession(store);
      return;
    case 'nextSession':
      stepSession(store, 1);
      return;
    case 'prevSession':
      stepSession(store, -1);
      return;
    case 'focusComposer':
      focusComposer(store);
      return;
    case 'toggleSidePanel':
      store.commands.toggleSidePanel();
      return;
    case 'history':
      showHistory(store);
      return;
  }
}

/**
 * Whether a matched shortcut runs now. Ctrl/⌘ combinations work everywhere, the composer and
 * other text fields included; keys without Ctrl/⌘ (Alt+↑/↓) are left to a text field. While
 * the palette is open only the palette shortcut applies.
 */
export function shortcutApplies(id: ShortcutId, e: KeyLike, target: EventTarget | null, paletteOpen: boolean): boolean {
  if (id === 'palette') return true;
  if (paletteOpen) return false;
  return e.ctrlKey || e.metaKey || !isTypingTarget(target);
}

/** The one window-wide keydown listener. */
export function useGlobalShortcuts(): void {
  const store = useAppStore();
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.isComposing) return;
      const id = matchShortcut(e);
      if (!id) return;
      if (!shortcutApplies(id, e, e.target, store.getState().ui.paletteOpen)) return;
      e.preventDefault();
      runShortcut(store, id);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}
