/**
 * What the traffic table shows, derived from the entries the panel holds (pure): pairing per
 * endpoint and transport instance (its `seq` restarts on a rebuilt connection), folded chunk
 * runs, and one flat list of display rows with every column as text.
 */
import type { TrafficRecord } from '../../../shared/domain/traffic';
import type { TrafficEntry } from '../../../shared/ipc/contract';
import { foldLabel, type FoldRow } from '../../../shared/traffic/folding';
import { formatBytes, formatDuration, laneOf, messageInfo, sizeOf } from '../../../shared/traffic/message-info';
import type { Exchange } from '../../../shared/traffic/pairing';
import { kindLabel } from '../../../shared/traffic/summary';
import { entryKey } from '../../state/traffic-store';

export interface Columns {
  readonly time: string;
  readonly rel: string;
  readonly dir: string;
  readonly lane: string;
  readonly kind: string;
  readonly what: string;
  readonly id: string;
  readonly session: string;
  readonly update: string;
  readonly size: string;
  readonly latency: string;
  readonly status: string;
}

export interface DisplayRow {
  readonly key: string;
  readonly type: 'record' | 'fold' | 'chunk';
  /** The row's record (a fold's first chunk). */
  readonly entry: TrafficEntry;
  readonly fold?: FoldRow;
  readonly cols: Columns;
  readonly error: boolean;
}

export interface TrafficModel {
  /** Rows before fold expansion. */
  readonly rows: readonly DisplayRow[];
  readonly exchangeOf: (key: string) => Exchange | undefined;
  /** The key of the other half of a request/response pair, when held. */
  readonly partnerOf: (key: string) => string | undefined;
  readonly entryOf: (key: string) => TrafficEntry | undefined;
  /** A plain row for one record (a fold's chunk). */
  readonly rowOf: (record: TrafficRecord) => DisplayRow | undefined;
  /** Records of the same endpoint, in order (for a POST's body). */
  readonly recordsOf: (endpointId: string) => TrafficRecord[];
  readonly known: { methods: string[]; sessions: string[]; kinds: string[] };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function clockTime(at: number): string {
  const d = new Date(at);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

function relative(ms: number): string {
  return `+${(ms / 1000).toFixed(3)} s`;
}

/** What a row's columns read besides its record: its exchange and the start of its turn. */
export interface Derived {
  readonly exchanges: ReadonlyMap<string, Exchange>;
  /** Start of the turn a record belongs to: the latest `session/prompt` of its endpoint. */
  readonly turnStart: ReadonlyMap<string, number>;
}

export function columnsOf(e: TrafficEntry, d: Derived): { cols: Columns; error: boolean } {
  const r = e.record;
  const key = entryKey(e);
  const ex = d.exchanges.get(key);
  const start = d.turnStart.get(key);
  let dir = '·';
  let what: string;
  let id = '';
  let session = '';
  let update = '';
  let status = '';
  let latency = '';
  let error = false;
  if (r.kind === 'message') {
    const info = messageInfo(r);
    dir = r.direction === 'out' ? '→ out' : '← in';
    id = info.id === undefined ? '' : String(info.id);
    session = info.sessionId ?? '';
    update = info.updateKind ?? '';
    what = info.method ?? (info.id !== undefined ? `response #${id}` : '(not JSON-RPC)');
    if (info.shape === 'error') {
      error = true;
      status = info.errorCode === undefined ? 'error' : String(info.errorCode);
    }
    if (ex?.responseSeq === r.seq && ex.latencyMs !== undefined) latency = formatDuration(ex.latencyMs);
    if (ex?.requestSeq === r.seq && ex.failed) error = true;
  } else if (r.kind === 'http') {
    what = `${r.method} ${r.url}`;
    status = r.status === undefined ? '—' : String(r.status);
    const ms = r.durationMs ?? r.ttfbMs;
    if (ms !== undefined) latency = formatDuration(ms);
    error = Boolean(r.error) || (r.status ?? 0) >= 400;
  } else if (r.kind === 'stream') {
    what = r.phase + (r.detail ? ` · ${r.detail}` : '');
    if (r.status !== undefined) status = String(r.status);
    if (r.delayMs !== undefined) latency = formatDuration(r.delayMs);
    error = r.phase === 'error' || r.phase === 'gap' || r.phase === 'given-up';
  } else if (r.kind === 'websocket') {
    what = `${r.phase} ${r.url}`;
    if (r.code !== undefined) status = String(r.code);
    error = r.phase === 'error' || r.phase === 'ping-timeout';
  } else {
    what = r.message;
    error = true;
  }
  const size = sizeOf(r);
  return {
    error,
    cols: {
      time: clockTime(r.at),
      rel: start === undefined ? '' : relative(r.at - start),
      dir,
      lane: laneOf(r) ?? '',
      kind: kindLabel(r),
      what,
      id,
      session,
      update,
      size: size ? formatBytes(size) : '',
      latency,
      status,
    },
  };
}

/** The display row of a fold: the first chunk's columns, the run's label and total size. */
export function foldDisplayRow(fold: FoldRow, entry: TrafficEntry, d: Derived): DisplayRow {
  const base = columnsOf(entry, d);
  return {
    key: `fold:${entryKey(entry)}`,
    type: 'fold',
    entry,
    fold,
    error: false,
    cols: { ...base.cols, what: `session/update · ${foldLabel(fold)}`, id: '', size: formatBytes(fold.bytes) },
  };
}

/**
 * The rows shown: folds followed by their chunks when expanded. A chunk's row never changes
 * once built, so each is built once (the live tail re-expands an open run on every batch).
 */
export function expandRows(model: TrafficModel, expanded: ReadonlySet<string>): DisplayRow[] {
  if (expanded.size === 0) return model.rows as DisplayRow[];
  const out: DisplayRow[] = [];
  for (const row of model.rows) {
    out.push(row);
    if (row.type !== 'fold' || !expanded.has(row.key)) continue;
    for (const rec of row.fold!.records) {
      let chunk = chunkRows.get(rec);
      if (!chunk) {
        const plain = model.rowOf(rec);
        if (!plain) continue;
        chunk = { ...plain, type: 'chunk' };
        chunkRows.set(rec, chunk);
      }
      out.push(chunk);
    }
  }
  return out;
}

const chunkRows = new WeakMap<TrafficRecord, DisplayRow>();
