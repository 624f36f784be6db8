/**
 * The traffic inspector, docked in the side panel (see TrafficSlot): open, it
 * subscribes to a connection (or all), shows the live table with pause / "N new", the query
 * box and one-click filters, and the detail of the selected row. Closing unsubscribes.
 */
import { useId, useMemo, useState } from 'react';
import { useSelectedId } from '../../state/selectors';
import { ALL, type TrafficStore } from '../../state/traffic-store';
import { QueryBox } from './QueryBox';
import { TimelinePanel } from './TimelinePanel';
import { TrafficDetail } from './TrafficDetail';
import { TrafficTable } from './TrafficTable';
import { TrafficToolbar } from './TrafficToolbar';
import { expandRows, type DisplayRow, type TrafficModel } from './traffic-rows';
import { useFramesLink, type FramesLink } from './use-frames-link';
import { useRecordingFiles } from './use-recording-files';
import { takeStartTarget } from './recordings';
import { RecordingChatButton, useScrubSync } from '../recording/InspectorScrub';
import { useQueryText, useTraffic, useTrafficModel, useTrafficStore } from './use-traffic';

/** Adds `term` to the query, or removes it when present; `exclusive` terms are removed first. */
export function toggleTerm(query: string, term: string, exclusive: readonly string[] = []): string {
  const words = query.split(/\s+/).filter(Boolean);
  const has = words.includes(term);
  const rest = words.filter((w) => w !== term && !exclusive.includes(w));
  return (has ? rest : [...rest, term]).join(' ');
}

function methodOf(row: DisplayRow | undefined, model: TrafficModel): string | undefined {
  if (!row) return undefined;
  const r = row.entry.record;
  if (r.kind === 'http') return undefined;
  return (
    model.exchangeOf(row.key)?.method ??
    (r.kind === 'message' && !row.cols.what.startsWith('response #') ? row.cols.what.split(' ')[0] : undefined)
  );
}

const SAFE_VALUE = /^[\w/.:$-]+$/;

/** Filters taken from the selected row: its method, lane and session. */
function rowFilters(row: DisplayRow | undefined, model: TrafficModel): { term: string; label: string }[] {
  const out: { term: string; label: string }[] = [];
  const method = methodOf(row, model);
  if (method && SAFE_VALUE.test(method)) out.push({ term: `method:${method}`, label: `Method ${method}` });
  const lane = row?.cols.lane;
  if (lane && SAFE_VALUE.test(lane)) out.push({ term: `lane:${lane}`, label: `Lane ${lane}` });
  const session = row?.cols.session;
  if (session && SAFE_VALUE.test(session)) out.push({ term: `session:${session}`, label: `Session ${session}` });
  return out;
}

function QuickFilters({
  text,
  setText,
  fromRow,
}: Readonly<{ text: string; setText: (t: string) => void; fromRow: { term: string; label: string }[] }>) {
  const words = text.split(/\s+/);
  const filters: { term: string; label: string; exclusive?: string[] }[] = [
    { term: 'dir:out', label: 'Sent (out)', exclusive: ['dir:in'] },
    { term: 'dir:in', label: 'Received (in)', exclusive: ['dir:out'] },
    { term: 'has:error', label: 'Errors only' },
    ...fromRow,
  ];
  return (
    <div className="traffic-filters" role="group" aria-label="Quick filters">
      {filters.map((f) => (
        <button
          key={f.term}
          type="button"
          className="traffic-chip"
          aria-pressed={words.includes(f.term)}
          data-testid="traffic-filter"
          data-term={f.term}
          onClick={() => setText(toggleTerm(text, f.term, f.exclusive))}
        >
          {f.label}
        </button>
      ))}
    </div>
  );
}

function useSelection(rows: readonly DisplayRow[]) {
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [detailOpen, setDetailOpen] = useState(false);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const selected = rows.find((r) => r.key === selectedKey);
  const toggleFold = (key: string, open: boolean) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (open) next.add(key);
      else next.delete(key);
      return next;
    });
  return { selectedKey, setSelectedKey, detailOpen, setDetailOpen, expanded, toggleFold, selected };
}

function RowCount({ store, shown }: Readonly<{ store: TrafficStore; shown: number }>) {
  const query = useTraffic(store, (s) => s.query);
  const loading = useTraffic(store, (s) => s.loading);
  const error = useTraffic(store, (s) => s.error);
  const ranged = useTraffic(store, (s) => s.range !== null);
  return (
    <p className="traffic-count muted" data-testid="traffic-count">
      {error ??
        `${shown} row${shown === 1 ? '' : 's'}${query ? ` matching ${query}` : ''}${ranged ? ' in the selected range' : ''}${loading ? ' · loading…' : ''}`}
    </p>
  );
}

/** "Showing the frames of this tool call", while the table shows exactly those. */
function LinkBanner({ link }: Readonly<{ link: FramesLink }>) {
  if (!link.label && !link.note) return null;
  return (
    <p className="traffic-link" role="status" data-testid="traffic-link">
      <span>{link.label ? `Showing the frames of ${link.label}.` : link.note}</span>
      {link.label && (
        <button type="button" className="btn btn-ghost btn-sm" onClick={link.clear}>
          Show all traffic
        </button>
      )}
    </p>
  );
}

export function TrafficPanel({ onClose }: Readonly<{ onClose: () => void }>) {
  const selectedEndpoint = useSelectedId();
  const [initial] = useState(() => takeStartTarget() ?? selectedEndpoint ?? ALL);
  const store = useTrafficStore(initial);
  const files = useRecordingFiles(store);
  const idPrefix = useId().replace(/:/g, '');
  const [wide, setWide] = useState(false);
  const model = useTrafficModel(store);
  const paused = useTraffic(store, (s) => s.paused);
  const query = useQueryText(store);
  const link = useFramesLink(store, query.setText);
  useScrubSync(store);
  const sel = useSelection(model.rows);
  const rows = useMemo(() => expandRows(model, sel.expanded), [model, sel.expanded]);
  const selected = rows.find((r) => r.key === sel.selectedKey);
  const open = (key: string) => {
    sel.setSelectedKey(key);
    sel.setDetailOpen(true);
  };
  const jump = (key: string) => {
    open(key);
    document.getElementById(`${idPrefix}-grid`)?.querySelector<HTMLElement>('[role="grid"]')?.focus();
  };
  return (
    <div
      className="traffic-inspector"
      data-wide={wide || undefined}
      data-testid="traffic-inspector"
      data-drop={files.dragging || undefined}
      {...files.dropProps}
    >
      <TrafficToolbar store={store} wide={wide} onWide={setWide} onClose={onClose} onOpenFile={files.open} />
      <RecordingChatButton store={store} />
      {files.note && (
        <p className="traffic-recording-note" role="status" data-testid="traffic-recording-note">
          {files.note}
        </p>
      )}
      <QueryBox
        value={query.text}
        onChange={query.setText}
        onSubmit={query.submit}
        error={query.error}
        known={model.known}
      />
      <LinkBanner link={link} />
      <QuickFilters text={query.text} setText={query.setText} fromRow={rowFilters(selected, model)} />
      <TimelinePanel store={store} />
      <RowCount store={store} shown={rows.length} />
      {store.commands.hasOlder() && (
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => void store.commands.loadOlder()}>
          Load older records
        </button>
      )}
      <div id={`${idPrefix}-grid`} className="traffic-grid-wrap">
        <TrafficTable
          rows={rows}
          selectedKey={sel.selectedKey}
          expanded={sel.expanded}
          follow={!paused}
          onSelect={sel.setSelectedKey}
          onOpen={open}
          onToggleFold={sel.toggleFold}
          onCloseDetail={() => sel.setDetailOpen(false)}
          label="Traffic records"
          idPrefix={idPrefix}
          linked={link.label !== null}
        />
      </div>
      {rows.length === 0 && <p className="muted traffic-empty">No traffic to show yet.</p>}
      {sel.detailOpen && selected && (
        <TrafficDetail row={selected} model={model} onJump={jump} onClose={() => sel.setDetailOpen(false)} />
      )}
    </div>
  );
}
