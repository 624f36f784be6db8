/**
 * The lane timeline and latency summary of the panel's target, asked of the core
 * (`traffic:timeline`, one call per endpoint, merged here): the renderer never holds the
 * whole log. Refreshed when the target or the query changes, and at most every
 * `TIMELINE_REFRESH_MS` while live records arrive (not while paused).
 */
import { useEffect, useRef, useState } from 'react';
import type { TrafficLatencyRow, TrafficTimeline } from '../../../shared/ipc/contract';
import type { LaneTimeline } from '../../../shared/traffic/lanes';
import { useBridge } from '../../bridge/bridge-context';
import { useAppStore } from '../../state/store-context';
import { settle } from '../../state/settle';
import { ALL, type TrafficStore } from '../../state/traffic-store';
import { useTraffic } from './use-traffic';

export const TIMELINE_REFRESH_MS = 500;

export interface TimelineView {
  readonly timeline: LaneTimeline;
  readonly latency: readonly TrafficLatencyRow[];
  readonly omittedRequests: number;
}

const EMPTY: TimelineView = {
  timeline: { start: 0, end: 0, lanes: [], counts: { gaps: 0, reconnects: 0, conflicts: 0 } },
  latency: [],
  omittedRequests: 0,
};

/** Rows of several endpoints for one method become one row (count, failed, open and max add up). */
function mergeLatency(rows: readonly TrafficLatencyRow[]): TrafficLatencyRow[] {
  const by = new Map<string, TrafficLatencyRow>();
  for (const r of rows) {
    const had = by.get(r.method);
    if (!had) {
      by.set(r.method, r);
      continue;
    }
    // Percentiles cannot be merged exactly without the samples: keep the larger one, an upper bound.
    const most = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));
    by.set(r.method, {
      method: r.method,
      count: had.count + r.count,
      failed: had.failed + r.failed,
      open: had.open + r.open,
      p50: most(had.p50, r.p50),
      p95: most(had.p95, r.p95),
      max: most(had.max, r.max),
    });
  }
  return [...by.values()].sort((a, b) => (b.p95 ?? -1) - (a.p95 ?? -1) || (a.method < b.method ? -1 : 1));
}

export function mergeTimelines(parts: readonly TrafficTimeline[]): TimelineView {
  const used = parts.filter((p) => p.timeline.lanes.length > 0 || p.latency.length > 0);
  if (used.length === 0) return EMPTY;
  if (used.length === 1) return used[0]!;
  const withLanes = used.filter((p) => p.timeline.lanes.length > 0);
  const timeline: LaneTimeline = {
    start: Math.min(...withLanes.map((p) => p.timeline.start)),
    end: Math.max(...withLanes.map((p) => p.timeline.end)),
    lanes: withLanes.flatMap((p) => p.timeline.lanes),
    counts: {
      gaps: used.reduce((n, p) => n + p.timeline.counts.gaps, 0),
      reconnects: used.reduce((n, p) => n + p.timeline.counts.reconnects, 0),
      conflicts: used.reduce((n, p) => n + p.timeline.counts.conflicts, 0),
    },
  };
  return {
    timeline,
    latency: mergeLatency(used.flatMap((p) => p.latency)),
    omittedRequests: used.reduce((n, p) => n + p.omittedRequests, 0),
  };
}

export function useTimeline(store: TrafficStore): TimelineView {
  const bridge = useBridge();
  const app = useAppStore();
  const target = useTraffic(store, (s) => s.target);
  const query = useTraffic(store, (s) => s.query);
  const subscriptionId = useTraffic(store, (s) => s.subscriptionId);
  const paused = useTraffic(store, (s) => s.paused);
  // Emptied (Clear): the timeline follows.
  const emptied = useTraffic(store, (s) => s.entries.length === 0 && s.query === '' && s.range === null);
  const [view, setView] = useState<TimelineView>(EMPTY);
  const asked = useRef(0);

  useEffect(() => {
    if (!subscriptionId) return;
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let alive = true;
    const load = async () => {
      last = Date.now();
      const mine = ++asked.current;
      const ids = target === ALL ? app.getState().endpoints.list.map((e) => e.id) : [target];
      const results = await Promise.all(
        ids.map((endpointId) => settle(() => bridge.traffic.timeline({ endpointId, ...(query ? { query } : {}) }))),
      );
      if (!alive || mine !== asked.current) return;
      setView(mergeTimelines(results.flatMap((r) => (r.ok ? [r.value] : []))));
    };
    const schedule = () => {
      if (timer !== undefined || paused) return;
      const wait = Math.max(0, last + TIMELINE_REFRESH_MS - Date.now());
      timer = setTimeout(() => {
        timer = undefined;
        void load();
      }, wait);
    };
    void load();
    const unlisten = bridge.onTrafficRecords((e) => {
      if (e.subscriptionId === subscriptionId) schedule();
    });
    return () => {
      alive = false;
      unlisten();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [bridge, app, store, target, query, subscriptionId, paused, emptied]);
  return view;
}
