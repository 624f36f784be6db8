/**
 * The timeline strip of the inspector: the lane timeline (brushing a time range filters the
 * table), the range as From/To fields for the keyboard with "Clear range", and the
 * per-method latency summary beside it. All of it comes from the core (`traffic:timeline`).
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { TrafficLatencyRow } from '../../../shared/ipc/contract';
import { formatDuration } from '../../../shared/traffic/message-info';
import type { TimeRange, TrafficStore } from '../../state/traffic-store';
import { LaneTimeline } from './LaneTimeline';
import { useTimeline } from './use-timeline';
import { useTraffic } from './use-traffic';

const seconds = (ms: number) => String(Math.round(ms) / 1000);
const ms = (v: number | null) => (v === null ? '—' : formatDuration(v));

export function LatencyTable({ rows }: Readonly<{ rows: readonly TrafficLatencyRow[] }>) {
  if (rows.length === 0) return <p className="muted traffic-latency-empty">No requests to time yet.</p>;
  return (
    <table className="traffic-latency" data-testid="traffic-latency">
      <caption className="traffic-latency-caption">Latency per method</caption>
      <thead>
        <tr>
          <th scope="col">Method</th>
          <th scope="col">Count</th>
          <th scope="col">p50</th>
          <th scope="col">p95</th>
          <th scope="col">Max</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.method} data-testid="latency-row">
            <th scope="row" className="traffic-latency-method">
              {r.method}
            </th>
            <td>
              {r.count}
              {r.failed > 0 && <span className="muted"> ({r.failed} failed)</span>}
              {r.open > 0 && <span className="muted"> +{r.open} open</span>}
            </td>
            <td>{ms(r.p50)}</td>
            <td>{ms(r.p95)}</td>
            <td>{ms(r.max)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** From/To in seconds after the timeline's start; Apply sets the range, Clear removes it. */
export function RangeControls({
  start,
  range,
  onRange,
}: Readonly<{ start: number; range: TimeRange | null; onRange: (r: TimeRange | null) => void }>) {
  const id = useId();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setFrom(range ? seconds(range.from - start) : '');
    setTo(range ? seconds(range.to - start) : '');
    setError(null);
  }, [range, start]);
  const apply = (e: FormEvent) => {
    e.preventDefault();
    const a = Number(from === '' ? 0 : from);
    const b = Number(to);
    if (!Number.isFinite(a) || !Number.isFinite(b) || to === '' || b < a) {
      setError('Give From and To in seconds after the start, To not before From.');
      return;
    }
    setError(null);
    onRange({ from: start + Math.round(a * 1000), to: start + Math.round(b * 1000) });
  };
  return (
    <form className="traffic-range" aria-label="Time range" onSubmit={apply} data-testid="traffic-range">
      <label htmlFor={`${id}-from`}>From (s)</label>
      <input
        id={`${id}-from`}
        className="input traffic-range-input"
        inputMode="decimal"
        value={from}
        onChange={(e) => setFrom(e.target.value)}
        data-testid="range-from"
      />
      <label htmlFor={`${id}-to`}>To (s)</label>
      <input
        id={`${id}-to`}
        className="input traffic-range-input"
        inputMode="decimal"
        value={to}
        onChange={(e) => setTo(e.target.value)}
        data-testid="range-to"
      />
      <button type="submit" className="btn btn-ghost btn-sm">
        Apply range
      </button>
      <button
        type="button"
        className="btn btn-ghost btn-sm"
        disabled={!range}
        onClick={() => onRange(null)}
        data-testid="range-clear"
      >
        Clear range
      </button>
      <span className="traffic-range-error" role="status">
        {error ?? ''}
      </span>
    </form>
  );
}

export function TimelinePanel({ store }: Readonly<{ store: TrafficStore }>) {
  const view = useTimeline(store);
  const range = useTraffic(store, (s) => s.range);
  const setRange = (r: TimeRange | null) => void store.commands.setRange(r);
  return (
    <section className="traffic-timeline-panel" aria-label="Timeline and latency" data-testid="traffic-timeline-panel">
      <div className="traffic-timeline-main">
        <LaneTimeline
          timeline={view.timeline}
          range={range}
          onBrush={setRange}
          omittedRequests={view.omittedRequests}
        />
        <RangeControls start={view.timeline.start} range={range} onRange={setRange} />
      </div>
      <LatencyTable rows={view.latency} />
    </section>
  );
}
