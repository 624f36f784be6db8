/**
 * The lane timeline above the traffic table: one lane per stream (connection SSE, each
 * session SSE, the POSTs, the WebSocket), drawn from the core's lane model. Streams are bars
 * from open to close, reconnect waits, 409 waits and gaps are shaded (each with its own
 * pattern, not colour alone), marks are ticks, and each request is a thin bar from send to
 * response. Dragging across it brushes a time range (`onBrush`); the range shows as a band.
 * The text alternative is the summary line and each lane's counts.
 */
import { useId, useRef, useState, type MouseEvent } from 'react';
import type { LaneTimeline as Model, TimelineLane } from '../../../shared/traffic/lanes';
import { formatDuration } from '../../../shared/traffic/message-info';
import type { TimeRange } from '../../state/traffic-store';

const W = 1000;
const LANE_H = 20;
/** A drag shorter than this share of the width is a click, not a brush. */
const MIN_DRAG = 0.005;

export function timelineSummary(t: Model, omitted = 0): string {
  if (t.lanes.length === 0) return 'No streams or requests yet.';
  const requests = t.lanes.reduce((n, l) => n + l.requests.length, 0) + omitted;
  const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  return [
    `${plural(t.lanes.length, 'lane')} over ${formatDuration(t.end - t.start)}`,
    plural(requests, 'request'),
    plural(t.counts.gaps, 'gap'),
    plural(t.counts.reconnects, 'reconnect'),
    plural(t.counts.conflicts, '409'),
  ].join(' · ');
}

function laneText(l: TimelineLane): string {
  const parts = [
    `${l.spans.length} span${l.spans.length === 1 ? '' : 's'}`,
    `${l.requests.length} request${l.requests.length === 1 ? '' : 's'}`,
  ];
  const gaps = l.shades.filter((s) => s.kind === 'gap').length;
  if (gaps) parts.push(`${gaps} gap${gaps === 1 ? '' : 's'}`);
  const waits = l.shades.length - gaps;
  if (waits) parts.push(`${waits} reconnect wait${waits === 1 ? '' : 's'}`);
  const errors = l.marks.filter((m) => m.kind !== 'reconnect').length;
  if (errors) parts.push(`${errors} error${errors === 1 ? '' : 's'}`);
  return parts.join(', ');
}

function LaneShapes({ lane, y, x }: Readonly<{ lane: TimelineLane; y: number; x: (t: number) => number }>) {
  const w = (a: number, b: number, min = 1) => Math.max(min, x(b) - x(a));
  return (
    <g className="tl-lane" data-testid="timeline-lane" data-lane={lane.label}>
      {lane.shades.map((s, i) => (
        <rect
          key={`s${i}`}
          className={`tl-shade tl-${s.kind}`}
          data-kind={s.kind}
          x={x(s.start)}
          y={y}
          width={w(s.start, s.end)}
          height={LANE_H}
        >
          <title>{s.label}</title>
        </rect>
      ))}
      {lane.spans.map((s, i) => (
        <rect key={`p${i}`} className="tl-span" x={x(s.start)} y={y + 6} width={w(s.start, s.end)} height={6}>
          <title>{`${lane.label} open ${formatDuration(s.end - s.start)}${s.open ? ' (still open)' : ''}`}</title>
        </rect>
      ))}
      {lane.requests.map((r, i) => (
        <rect
          key={`r${i}`}
          className={`tl-req${r.failed ? ' tl-req-failed' : ''}${r.state !== 'answered' ? ' tl-req-open' : ''}`}
          data-testid="timeline-request"
          x={x(r.start)}
          y={y + LANE_H - 5}
          width={w(r.start, r.end, 2)}
          height={3}
        >
          <title>
            {`${r.method} #${String(r.id)}: ${
              r.latencyMs !== undefined ? formatDuration(r.latencyMs) : r.state === 'pending' ? 'pending' : 'unanswered'
            }${r.failed ? ', error' : ''}`}
          </title>
        </rect>
      ))}
      {lane.marks.map((m, i) => (
        <line
          key={`m${i}`}
          className={`tl-mark tl-mark-${m.kind}`}
          x1={x(m.at)}
          x2={x(m.at)}
          y1={y + 1}
          y2={y + LANE_H - 1}
          vectorEffect="non-scaling-stroke"
        >
          <title>{m.label}</title>
        </line>
      ))}
    </g>
  );
}

export interface LaneTimelineProps {
  readonly timeline: Model;
  readonly range: TimeRange | null;
  readonly onBrush: (range: TimeRange) => void;
  readonly omittedRequests?: number;
}

/** Drag state in fractions of the width. */
function useBrush(timeline: Model, onBrush: (range: TimeRange) => void) {
  const ref = useRef<SVGSVGElement>(null);
  const [drag, setDrag] = useState<{ a: number; b: number } | null>(null);
  const fraction = (e: MouseEvent) => {
    const box = ref.current?.getBoundingClientRect();
    if (!box || box.width <= 0) return 0;
    return Math.min(1, Math.max(0, (e.clientX - box.left) / box.width));
  };
  const span = Math.max(1, timeline.end - timeline.start);
  const handlers = {
    onMouseDown: (e: MouseEvent) => {
      if (e.button !== 0) return;
      const f = fraction(e);
      setDrag({ a: f, b: f });
    },
    onMouseMove: (e: MouseEvent) => drag && setDrag({ a: drag.a, b: fraction(e) }),
    onMouseUp: (e: MouseEvent) => {
      if (!drag) return;
      const b = fraction(e);
      setDrag(null);
      const [lo, hi] = drag.a < b ? [drag.a, b] : [b, drag.a];
      if (hi - lo < MIN_DRAG) return;
      onBrush({ from: Math.floor(timeline.start + lo * span), to: Math.ceil(timeline.start + hi * span) });
    },
    onMouseLeave: () => setDrag(null),
  };
  return { ref, drag, handlers };
}

export function LaneTimeline({ timeline, range, onBrush, omittedRequests = 0 }: LaneTimelineProps) {
  const id = useId();
  const { ref, drag, handlers } = useBrush(timeline, onBrush);
  const span = Math.max(1, timeline.end - timeline.start);
  const x = (t: number) => ((t - timeline.start) / span) * W;
  const height = Math.max(1, timeline.lanes.length) * LANE_H;
  const band = range ? { x: x(range.from), w: Math.max(1, x(range.to) - x(range.from)) } : null;
  return (
    <figure className="traffic-timeline" data-testid="traffic-timeline" aria-labelledby={`${id}-summary`}>
      <figcaption id={`${id}-summary`} className="traffic-timeline-summary" data-testid="timeline-summary">
        {timelineSummary(timeline, omittedRequests)}
        {omittedRequests > 0 && ` (${omittedRequests} shortest not drawn)`}
      </figcaption>
      {timeline.lanes.length > 0 && (
        <div className="traffic-timeline-body">
          <ul className="traffic-lane-labels" aria-label="Lanes" style={{ gridAutoRows: `${LANE_H}px` }}>
            {timeline.lanes.map((l) => (
              <li key={l.key} className="traffic-lane-label" title={l.label}>
                {l.label}
                <span className="visually-hidden">: {laneText(l)}</span>
              </li>
            ))}
          </ul>
          <svg
            ref={ref}
            className="traffic-timeline-svg"
            role="img"
            aria-label="Lane timeline; drag across it to show only that time range in the table"
            viewBox={`0 0 ${W} ${height}`}
            preserveAspectRatio="none"
            style={{ height: `${height}px` }}
            data-testid="timeline-svg"
            {...handlers}
          >
            {timeline.lanes.map((l, i) => (
              <LaneShapes key={l.key} lane={l} y={i * LANE_H} x={x} />
            ))}
            {band && (
              <rect className="tl-brush" data-testid="timeline-range" x={band.x} y={0} width={band.w} height={height} />
            )}
            {drag && (
              <rect
                className="tl-brush tl-dragging"
                x={Math.min(drag.a, drag.b) * W}
                y={0}
                width={Math.abs(drag.b - drag.a) * W}
                height={height}
              />
            )}
          </svg>
        </div>
      )}
    </figure>
  );
}
