/**
 * The inspector's side of "Show frames": applies each new request from the chat (target
 * connection, query, turn range) once, and says whether the table shows exactly those frames.
 */
import { useEffect, useRef, useState } from 'react';
import { useBridge } from '../../bridge/bridge-context';
import type { TrafficStore } from '../../state/traffic-store';
import { isPendingFrames, markFramesHandled, useFramesRequest } from './frames-request';
import { framesView, type FramesView } from './traffic-links';
import { useTraffic } from './use-traffic';

export interface FramesLink {
  /** "this tool call" while the table shows its frames. */
  readonly label: string | null;
  readonly note: string | null;
  /** Back to all traffic of the connection. */
  clear(): void;
}

const sameRange = (a: FramesView['range'], b: FramesView['range']) =>
  a === b || (a !== null && b !== null && a.from === b.from && a.to === b.to);

export function useFramesLink(store: TrafficStore, setText: (text: string) => void): FramesLink {
  const bridge = useBridge();
  const request = useFramesRequest();
  const applying = useRef(0);
  const [link, setLink] = useState<(FramesView & { label: string }) | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const query = useTraffic(store, (s) => s.query);
  const range = useTraffic(store, (s) => s.range);
  useEffect(() => {
    if (!isPendingFrames(request)) return;
    markFramesHandled(request);
    // Only the newest request is applied (an older one may answer later).
    applying.current = request.nonce;
    void framesView(bridge, request).then((view) => {
      if (applying.current !== request.nonce) return;
      if ('error' in view) {
        setNote(view.error);
        setLink(null);
        return;
      }
      setNote(null);
      void store.commands.show(request.endpointId, view);
      setText(view.query);
      setLink({ ...view, label: request.label });
    });
  }, [request, bridge, store, setText]);
  const active = link !== null && link.query === query && sameRange(link.range, range);
  return {
    label: active ? link.label : null,
    note,
    clear() {
      setLink(null);
      setNote(null);
      setText('');
      void store.commands.show(store.getState().target, { query: '', range: null });
    },
  };
}
