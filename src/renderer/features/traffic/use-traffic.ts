import { useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { useBridge } from '../../bridge/bridge-context';
import { useAppStore } from '../../state/store-context';
import { createTrafficStore, type TrafficState, type TrafficStore } from '../../state/traffic-store';
import { parseTrafficQuery } from '../../../shared/traffic/query';
import { TrafficModelBuilder } from './model-builder';
import type { TrafficModel } from './traffic-rows';

export const QUERY_DEBOUNCE_MS = 300;

/** The panel's own store: subscribed while the panel is mounted, unsubscribed on unmount. */
export function useTrafficStore(initialTarget: string): TrafficStore {
  const bridge = useBridge();
  const app = useAppStore();
  const [store] = useState(() =>
    createTrafficStore(bridge, { endpointIds: () => app.getState().endpoints.list.map((e) => e.id) }),
  );
  const first = useRef(initialTarget);
  useEffect(() => {
    void store.commands.open(first.current);
    return () => void store.commands.close();
  }, [store]);
  return store;
}

export function useTraffic<T>(store: TrafficStore, selector: (s: TrafficState) => T): T {
  return useStore(store, selector);
}

/** The table's model of the panel's entries, updated incrementally as the live tail grows. */
export function useTrafficModel(store: TrafficStore): TrafficModel {
  const entries = useTraffic(store, (s) => s.entries);
  const [builder] = useState(() => new TrafficModelBuilder());
  return useMemo(() => builder.update(entries), [builder, entries]);
}

/**
 * The query box's text, checked as it is typed (the parser's sentence shows at once) and run
 * in the core once typing pauses; `submit` runs it now.
 */
export function useQueryText(store: TrafficStore) {
  const [text, setText] = useState('');
  const parsed = useMemo(() => parseTrafficQuery(text), [text]);
  const localError = parsed.ok ? null : parsed.error;
  const coreError = useTraffic(store, (s) => s.queryError);
  useEffect(() => {
    if (!parsed.ok || text.trim() === store.getState().query) return;
    const timer = setTimeout(() => void store.commands.runQuery(text), QUERY_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, parsed, store]);
  const submit = () => {
    if (parsed.ok) void store.commands.runQuery(text);
  };
  return { text, setText, submit, error: localError ?? coreError };
}
