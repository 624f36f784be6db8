/**
 * The lane timeline of the traffic inspector, derived from records (pure): one lane per
 * stream (connection SSE, each session SSE, the POSTs, the WebSocket) of each endpoint, with
 * - spans: a stream from `open` to its end (`closed`, `error`, `idle-timeout`, `given-up`,
 *   a WebSocket close, or the first record of a later connection generation); a span still
 *   open runs to the end of the timeline;
 * - shades: a gap (the stream was down from its drop until it reopened), each reconnect
 *   attempt's wait (its delay; `conflict` when a 409 caused it);
 * - marks: reconnect attempts, 409s, errors, give-ups, failed POSTs;
 * - requests: each JSON-RPC request from send to response (pairing), on the lane that
 *   carried the request; one still pending runs to the end of the timeline.
 *
 * Records of one endpoint must be in log order; `seq` restarting means a new transport
 * instance (pairing restarts there, as in `pairSegments`).
 */
import type { Lane, TrafficRecord } from '../domain/traffic';
import { laneOf } from './message-info';
import { TrafficPairing, type Exchange } from './pairing';

export interface TimelineInput {
  readonly endpointId: string;
  readonly record: TrafficRecord;
}

export interface LaneSpan {
  readonly start: number;
  readonly end: number;
  /** Still open when the records end. */
  readonly open: boolean;
  readonly generation: number;
}

export type ShadeKind = 'gap' | 'wait' | 'conflict';

export interface LaneShade {
  readonly kind: ShadeKind;
  readonly start: number;
  readonly end: number;
  readonly label: string;
}

export type MarkKind = 'reconnect' | 'conflict' | 'error' | 'given-up' | 'http-error';

export interface LaneMark {
  readonly kind: MarkKind;
  readonly at: number;
  readonly label: string;
  readonly attempt?: number;
  readonly delayMs?: number;
  readonly status?: number;
}

export interface LaneRequest {
  readonly start: number;
  readonly end: number;
  readonly method: string;
  readonly id: string | number;
  readonly direction: 'in' | 'out';
  readonly state: Exchange['state'];
  readonly failed: boolean;
  readonly latencyMs?: number;
}

export interface TimelineLane {
  /** `${endpointId}|${lane}`. */
  readonly key: string;
  readonly endpointId: string;
  readonly lane: Lane;
  /** "connection SSE", "session SSE abc", "POST", "WebSocket". */
  readonly label: string;
  readonly spans: LaneSpan[];
  readonly shades: LaneShade[];
  readonly marks: LaneMark[];
  readonly requests: LaneRequest[];
}

export interface LaneTimeline {
  readonly start: number;
  readonly end: number;
  readonly lanes: TimelineLane[];
  readonly counts: { readonly gaps: number; readonly reconnects: number; readonly conflicts: number };
}

export function laneLabel(lane: Lane): string {
  if (lane === 'connection') return 'connection SSE';
  if (lane === 'post') return 'POST';
  if (lane === 'websocket') return 'WebSocket';
  return `session SSE ${lane.slice('session:'.length)}`;
}

/** Lane order: connection, sessions (by first appearance), POST, WebSocket. */
function rank(lane: Lane): number {
  if (lane === 'connection') return 0;
  if (lane === 'post') return 2;
  if (lane === 'websocket') return 3;
  return 1;
}

interface LaneState {
  readonly lane: TimelineLane;
  readonly order: number;
  openSince?: number;
  openGeneration?: number;
  /** When the stream last went down (for the gap shade). */
  droppedAt?: number;
}

const END_PHASES = new Set(['closed', 'error', 'idle-timeout', 'given-up']);
const WS_END = new Set(['closed', 'error', 'ping-timeout']);

class Builder {
  readonly #lanes = new Map<string, LaneState>();
  readonly #pending = new Map<Exchange, { lane: LaneState }>();
  readonly #segments = new Map<string, { pairing: TrafficPairing; lastSeq: number; generation: number }>();
  readonly counts = { gaps: 0, reconnects: 0, conflicts: 0 };
  start = Infinity;
  last = -Infinity;

  laneOf(endpointId: string, lane: Lane): LaneState {
    const key = `${endpointId}|${lane}`;
    let s = this.#lanes.get(key);
    if (!s) {
      s = {
        order: this.#lanes.size,
        lane: { key, endpointId, lane, label: laneLabel(lane), spans: [], shades: [], marks: [], requests: [] },
      };
      this.#lanes.set(key, s);
    }
    return s;
  }

  add({ endpointId, record: r }: TimelineInput): void {
    this.start = Math.min(this.start, r.at);
    this.last = Math.max(this.last, r.at);
    this.#segment(endpointId, r);
    const lane = laneOf(r);
    if (r.kind === 'stream') this.#stream(this.laneOf(endpointId, r.lane), r);
    else if (r.kind === 'websocket') this.#websocket(this.laneOf(endpointId, 'websocket'), r);
    else if (r.kind === 'http' && lane === 'post' && (r.error !== undefined || (r.status ?? 0) >= 400))
      this.laneOf(endpointId, 'post').lane.marks.push({
        kind: r.status === 409 ? 'conflict' : 'http-error',
        at: r.at,
        label: `POST ${r.status ?? 'failed'}${r.error ? `: ${r.error}` : ''}`,
        ...(r.status !== undefined ? { status: r.status } : {}),
      });
    else if (r.kind === 'error' && r.lane)
      this.laneOf(endpointId, r.lane).lane.marks.push({ kind: 'error', at: r.at, label: r.message });
  }

  /** Pairing per endpoint and transport instance; a new generation closes the old one's spans. */
  #segment(endpointId: string, r: TrafficRecord): void {
    let seg = this.#segments.get(endpointId);
    if (!seg || r.seq <= seg.lastSeq) {
      for (const u of seg?.pairing.finish() ?? []) if (u.type === 'unanswered') this.#settle(u.exchange, r.at);
      seg = { pairing: new TrafficPairing(), lastSeq: r.seq, generation: r.generation };
      this.#segments.set(endpointId, seg);
      this.#closeSpans(endpointId, r.at);
    } else if (r.generation > seg.generation) this.#closeSpans(endpointId, r.at);
    seg.lastSeq = r.seq;
    seg.generation = r.generation;
    for (const u of seg.pairing.add(r)) {
      if (u.type === 'request') {
        const lane = r.kind === 'message' ? r.lane : 'post';
        this.#pending.set(u.exchange, { lane: this.laneOf(endpointId, lane) });
      } else if (u.type === 'response' || u.type === 'unanswered') this.#settle(u.exchange, r.at);
    }
  }

  #settle(ex: Exchange, at: number): void {
    const p = this.#pending.get(ex);
    if (!p) return;
    this.#pending.delete(ex);
    p.lane.lane.requests.push(requestOf(ex, ex.responseAt ?? at));
  }

  #closeSpans(endpointId: string, at: number): void {
    for (const s of this.#lanes.values())
      if (s.lane.endpointId === endpointId && s.openSince !== undefined) this.#endSpan(s, at, true);
  }

  #endSpan(s: LaneState, at: number, dropped: boolean): void {
    if (s.openSince === undefined) return;
    s.lane.spans.push({ start: s.openSince, end: at, open: false, generation: s.openGeneration ?? 0 });
    delete s.openSince;
    if (dropped) s.droppedAt = at;
  }

  #stream(s: LaneState, r: Extract<TrafficRecord, { kind: 'stream' }>): void {
    const marks = s.lane.marks;
    if (r.phase === 'open') {
      if (s.openSince !== undefined) this.#endSpan(s, r.at, false);
      s.openSince = r.at;
      s.openGeneration = r.generation;
    } else if (END_PHASES.has(r.phase)) {
      this.#endSpan(s, r.at, true);
      if (r.phase !== 'closed')
        marks.push({
          kind: r.phase === 'given-up' ? 'given-up' : 'error',
          at: r.at,
          label: `${r.phase}${r.detail ? `: ${r.detail}` : ''}`,
        });
    } else if (r.phase === 'gap') {
      const down = /down for (\d+) ms/.exec(r.detail ?? '');
      const from = s.droppedAt ?? (down ? r.at - Number(down[1]) : r.at);
      s.lane.shades.push({ kind: 'gap', start: from, end: r.at, label: `gap${r.detail ? `: ${r.detail}` : ''}` });
      delete s.droppedAt;
      this.counts.gaps++;
    } else if (r.phase === 'conflict') {
      this.#endSpan(s, r.at, true);
      marks.push({ kind: 'conflict', at: r.at, label: `409 ${r.detail ?? 'conflict'}`, status: r.status ?? 409 });
      this.counts.conflicts++;
    } else if (r.phase === 'reconnect-scheduled') this.#reconnect(s, r);
  }

  #reconnect(s: LaneState, r: Extract<TrafficRecord, { kind: 'stream' }>): void {
    this.#endSpan(s, r.at, true);
    if (s.droppedAt === undefined) s.droppedAt = r.at;
    const delay = r.delayMs ?? 0;
    const afterConflict = s.lane.marks.at(-1)?.kind === 'conflict' && s.lane.marks.at(-1)!.at === r.at;
    const label = `reconnect attempt ${r.attempt ?? '?'} in ${delay} ms${r.detail ? ` (${r.detail})` : ''}`;
    s.lane.marks.push({
      kind: 'reconnect',
      at: r.at,
      label,
      ...(r.attempt !== undefined ? { attempt: r.attempt } : {}),
      delayMs: delay,
    });
    s.lane.shades.push({ kind: afterConflict ? 'conflict' : 'wait', start: r.at, end: r.at + delay, label });
    this.counts.reconnects++;
  }

  #websocket(s: LaneState, r: Extract<TrafficRecord, { kind: 'websocket' }>): void {
    if (r.phase === 'open') {
      if (s.openSince !== undefined) this.#endSpan(s, r.at, false);
      s.openSince = r.at;
      s.openGeneration = r.generation;
      if (s.droppedAt !== undefined) {
        s.lane.shades.push({ kind: 'gap', start: s.droppedAt, end: r.at, label: 'gap: WebSocket reopened' });
        delete s.droppedAt;
        this.counts.gaps++;
      }
    } else if (WS_END.has(r.phase)) {
      this.#endSpan(s, r.at, true);
      if (r.phase !== 'closed') s.lane.marks.push({ kind: 'error', at: r.at, label: `WebSocket ${r.phase}` });
    }
  }

  finish(end: number): TimelineLane[] {
    for (const [ex, p] of this.#pending) p.lane.lane.requests.push(requestOf(ex, end));
    this.#pending.clear();
    for (const s of this.#lanes.values())
      if (s.openSince !== undefined)
        s.lane.spans.push({ start: s.openSince, end, open: true, generation: s.openGeneration ?? 0 });
    return [...this.#lanes.values()]
      .sort(
        (a, b) =>
          (a.lane.endpointId < b.lane.endpointId ? -1 : a.lane.endpointId > b.lane.endpointId ? 1 : 0) ||
          rank(a.lane.lane) - rank(b.lane.lane) ||
          a.order - b.order,
      )
      .map((s) => {
        s.lane.requests.sort((a, b) => a.start - b.start);
        return s.lane;
      });
  }
}

function requestOf(ex: Exchange, end: number): LaneRequest {
  return {
    start: ex.requestAt,
    end: Math.max(ex.requestAt, end),
    method: ex.method,
    id: ex.id,
    direction: ex.requestDirection,
    state: ex.state,
    failed: Boolean(ex.failed),
    ...(ex.latencyMs !== undefined ? { latencyMs: ex.latencyMs } : {}),
  };
}

/**
 * The lanes of `inputs` (in log order per endpoint). `now` extends open spans and pending
 * requests (default: the last record's time).
 */
export function buildLaneTimeline(inputs: Iterable<TimelineInput>, now?: number): LaneTimeline {
  const b = new Builder();
  for (const input of inputs) b.add(input);
  if (b.start === Infinity) return { start: 0, end: 0, lanes: [], counts: b.counts };
  const end = Math.max(b.last, now ?? b.last);
  return { start: b.start, end, lanes: b.finish(end), counts: { ...b.counts } };
}
