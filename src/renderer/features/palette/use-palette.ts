import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { useWholeStateForCommands } from '../../state/selectors';
import { useAppStore } from '../../state/store-context';
import { fuzzyFilter } from '../navigation/fuzzy';
import { paletteActions, type PaletteAction } from './palette-actions';

/** Puts focus back where it was when the palette opened, unless the action moved it on purpose. */
function restoreFocus(previous: Element | null): void {
  const active = document.activeElement;
  if (active && active !== document.body && active.isConnected) return;
  if (previous instanceof HTMLElement && previous.isConnected) previous.focus();
  else document.getElementById('main')?.focus();
}

/** Query, matches, the active option and the keys of the command palette. */
export function usePalette() {
  const store = useAppStore();
  const state = useWholeStateForCommands();
  const [previous] = useState<Element | null>(() => document.activeElement);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const all = useMemo(() => paletteActions(state, store), [state, store]);
  const items = useMemo(() => fuzzyFilter(all, query, (a) => `${a.title} ${a.detail ?? ''}`), [all, query]);
  const current = Math.min(active, Math.max(0, items.length - 1));

  useEffect(() => () => void setTimeout(() => restoreFocus(previous), 0), [previous]);

  const close = () => store.commands.setPaletteOpen(false);
  const run = (action: PaletteAction) => {
    close();
    void Promise.resolve(action.run());
  };
  const move = (delta: number) =>
    setActive((i) => (items.length ? (Math.min(i, items.length - 1) + delta + items.length) % items.length : 0));

  const onKeyDown = (e: KeyboardEvent) => {
    const action = items[current];
    switch (e.key) {
      case 'Escape':
        e.stopPropagation();
        close();
        break;
      case 'ArrowDown':
        move(1);
        break;
      case 'ArrowUp':
        move(-1);
        break;
      case 'Enter':
        if (action) run(action);
        break;
      case 'Tab':
        break; // focus stays in the palette: its input is the only stop
      default:
        return;
    }
    e.preventDefault();
  };

  const changeQuery = (q: string) => {
    setQuery(q);
    setActive(0);
  };
  return { query, changeQuery, items, active: current, setActive, onKeyDown, run, close };
}
