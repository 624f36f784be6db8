import { useEffect } from 'react';
import { useAppStore } from '../../state/store-context';
import type { AppStore } from '../../state/store';
import { focusComposer, newSession, showHistory, stepSession } from './app-actions';
import { isTypingTarget, matchShortcut, type ShortcutId } from './shortcuts';

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
 * The one window-wide keydown listener. While the person types in a field (or the palette is
 * open) only the palette shortcut applies, so typing is never hijacked.
 */
export function useGlobalShortcuts(): void {
  const store = useAppStore();
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.isComposing) return;
      const id = matchShortcut(e);
      if (!id) return;
      if (id !== 'palette' && (isTypingTarget(e.target) || store.getState().ui.paletteOpen)) return;
      e.preventDefault();
      runShortcut(store, id);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}
