import { useMemo, useState } from 'react';
import type { AvailableCommand } from '@agentclientprotocol/sdk';
import { commandQuery, insertCommand, matchCommands } from './command-match';

export interface CompletionApi {
  readonly open: boolean;
  readonly matches: readonly AvailableCommand[];
  readonly active: number;
  /** Handles a key while the list is open; returns true when it used the key. */
  onKey(key: string): boolean;
  pick(index: number): void;
  hover(index: number): void;
}

/** The "/" command list: open while the text is "/" plus a partial name, until Esc or a pick. */
export function useCompletion(
  text: string,
  commands: readonly AvailableCommand[],
  setText: (text: string) => void,
): CompletionApi {
  const query = commandQuery(text);
  const matches = useMemo(() => (query === null ? [] : matchCommands(commands, query)), [commands, query]);
  const [active, setActive] = useState(0);
  const [dismissedFor, setDismissedFor] = useState<string | null>(null);
  const open = query !== null && matches.length > 0 && dismissedFor !== text;
  const current = Math.min(active, Math.max(matches.length - 1, 0));
  const pick = (index: number) => {
    const c = matches[index];
    if (!c) return;
    setText(insertCommand(c));
    setActive(0);
  };
  const onKey = (key: string): boolean => {
    if (!open) return false;
    switch (key) {
      case 'ArrowDown':
        setActive((current + 1) % matches.length);
        return true;
      case 'ArrowUp':
        setActive((current - 1 + matches.length) % matches.length);
        return true;
      case 'Enter':
        // A fully typed command ("/long") is sent as it is; Enter only completes a partial one.
        if (text.trim() === `/${matches[current]?.name ?? ''}`) return false;
        pick(current);
        return true;
      case 'Tab':
        pick(current);
        return true;
      case 'Escape':
        setDismissedFor(text);
        return true;
      default:
        return false;
    }
  };
  return { open, matches, active: current, onKey, pick, hover: setActive };
}
