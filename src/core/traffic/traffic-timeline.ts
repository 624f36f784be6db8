/**
 * The `traffic:timeline` answer for one endpoint, computed in the core from what its ring
 * holds (the renderer never holds the whole log): the lane timeline (src/shared/traffic/lanes)
 * and the per-method latency summary (src/shared/traffic/latency), the latter narrowed to the
 * exchanges whose request or response matches the query. The answer stays bounded: each lane
 * keeps its `MAX_LANE_REQUESTS` longest requests and `MAX_LANE_MARKS` newest marks (a
 * request shorter than a pixel of a 100k-record timeline draws nothing anyway).
 */
import type { TrafficEntry, TrafficLatencyRow, TrafficTimeline } from '../../shared/ipc/contract';
import { buildLaneTimeline, type LaneTimeline, type TimelineLane } from '../../shared/traffic/lanes';
import { latencySummary } from '../../shared/traffic/latency';
import type { Exchange, TrafficPairing } from '../../shared/traffic/pairing';
import type { TrafficQuery } from '../../shared/traffic/query';

export const MAX_LANE_REQUESTS = 2000;
export const MAX_LANE_MARKS = 1000;
export const MAX_LANE_SHADES = 1000;

/** Inclusive bounds on a record's time (epoch ms); either may be absent. */
export interface TimeRange {
  readonly from?: number | undefined;
  readonly to?: number | undefined;
}

export function inRange(at: number, range: TimeRange | undefined): boolean {
  if (!range) return true;
  return (range.from === undefined || at >= range.from) && (range.to === undefined || at <= range.to);
}

export function hasRange(range: TimeRange | undefined): range is TimeRange {
  return range !== undefined && (range.from !== undefined || range.to !== undefined);
}

function bound(lane: TimelineLane): { lane: TimelineLane; omitted: number } {
  const omitted = Math.max(0, lane.requests.length - MAX_LANE_REQUESTS);
  const requests = omitted
    ? [...lane.requests]
        .sort((a, b) => b.end - b.start - (a.end - a.start))
        .slice(0, MAX_LANE_REQUESTS)
        .sort((a, b) => a.start - b.start)
    : lane.requests;
  return {
    lane: {
      ...lane,
      requests,
      marks: lane.marks.slice(-MAX_LANE_MARKS),
      shades: lane.shades.slice(-MAX_LANE_SHADES),
    },
    omitted,
  };
}

const finite = (n: number): number | null => (Number.isFinite(n) ? n : null);

export function timelineOf(
  endpointId: string,
  entries: readonly TrafficEntry[],
  pairingOf: (logSeq: number) => TrafficPairing | undefined,
  query?: TrafficQuery,
  now?: number,
): TrafficTimeline {
  const full: LaneTimeline = buildLaneTimeline(
    entries.map((e) => ({ endpointId, record: e.record })),
    now,
  );
  const exchanges: Exchange[] = [];
  for (const e of entries) {
    const pairing = pairingOf(e.logSeq);
    const ex = pairing?.exchangeOf(e.record.seq);
    if (!ex) continue;
    if (query && !query.empty && !query.match(e.record, { pairing })) continue;
    exchanges.push(ex);
  }
  const latency: TrafficLatencyRow[] = latencySummary(exchanges).map((r) => ({
    ...r,
    p50: finite(r.p50),
    p95: finite(r.p95),
    max: finite(r.max),
  }));
  let omittedRequests = 0;
  const lanes = full.lanes.map((l) => {
    const b = bound(l);
    omittedRequests += b.omitted;
    return b.lane;
  });
  return { timeline: { ...full, lanes }, latency, omittedRequests };
}
