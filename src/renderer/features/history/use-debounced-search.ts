import { useEffect, useState } from 'react';
import { useAppStore } from '../../state/store-context';

export const SEARCH_DEBOUNCE_MS = 250;

/** The search box's text; the host is asked once typing pauses, never for a blank query. */
export function useDebouncedSearch(delayMs = SEARCH_DEBOUNCE_MS) {
  const store = useAppStore();
  const [text, setText] = useState(() => store.getState().sessions.search.query);
  const query = text.trim();
  useEffect(() => {
    if (!query) return;
    const timer = setTimeout(() => void store.sessions.search(query), delayMs);
    return () => clearTimeout(timer);
  }, [query, store, delayMs]);
  return { text, setText, query };
}
