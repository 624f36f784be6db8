/**
 * ACP-aware folding for the traffic table: a run of consecutive `agent_message_chunk` (or
 * `agent_thought_chunk`) notifications of the same session becomes one row
 * ("214 chunks · 3.1 kB · 2.4 s") so a streaming turn stays readable. Any other record fed
 * in between ends the run. Incremental: `add(record)` returns what changed (a new row, or the
 * last row extended), O(1) per record.
 */
import type { MessageRecord, TrafficRecord } from '../domain/traffic';
import { formatBytes, formatDuration, messageInfo } from './message-info';

export const FOLDABLE_UPDATES = ['agent_message_chunk', 'agent_thought_chunk'] as const;
export type FoldableUpdate = (typeof FOLDABLE_UPDATES)[number];

export interface RecordRow {
  readonly type: 'record';
  /** Position in the row list. */
  readonly index: number;
  readonly record: TrafficRecord;
}

export interface FoldRow {
  readonly type: 'fold';
  readonly index: number;
  readonly sessionId: string;
  readonly updateKind: FoldableUpdate;
  /** The chunks, in order (the row's records). */
  readonly records: MessageRecord[];
  readonly firstSeq: number;
  lastSeq: number;
  readonly startAt: number;
  endAt: number;
  /** Sum of the chunks' wire sizes. */
  bytes: number;
}

export type TrafficRow = RecordRow | FoldRow;

export type FoldUpdate =
  | { readonly type: 'append'; readonly row: TrafficRow }
  /** The last row (a fold) got one more chunk. */
  | { readonly type: 'extend'; readonly row: FoldRow }
  /** A run reached `minRun`: rows from `from` on (its plain rows) are replaced by the fold. */
  | { readonly type: 'replace'; readonly from: number; readonly row: FoldRow };

function foldKey(record: TrafficRecord): { sessionId: string; updateKind: FoldableUpdate } | undefined {
  if (record.kind !== 'message' || record.direction !== 'in') return undefined;
  const info = messageInfo(record);
  if (info.shape !== 'notification' || info.method !== 'session/update' || info.sessionId === undefined)
    return undefined;
  const kind = info.updateKind;
  if (kind !== 'agent_message_chunk' && kind !== 'agent_thought_chunk') return undefined;
  return { sessionId: info.sessionId, updateKind: kind };
}

export interface TrafficFolderOptions {
  /** A run shorter than this stays as plain rows (default 2: a lone chunk is not folded). */
  readonly minRun?: number;
}

export class TrafficFolder {
  readonly #rows: TrafficRow[] = [];
  readonly #minRun: number;
  /** Chunks of the current run not yet folded (fewer than minRun). */
  #candidate: { sessionId: string; updateKind: FoldableUpdate; rows: RecordRow[] } | undefined;

  constructor(options: TrafficFolderOptions = {}) {
    this.#minRun = Math.max(1, options.minRun ?? 2);
  }

  get rows(): readonly TrafficRow[] {
    return this.#rows;
  }

  /** Adds one record (in seq order); returns the row changes (always exactly one). */
  add(record: TrafficRecord): FoldUpdate[] {
    const key = foldKey(record);
    const last = this.#rows[this.#rows.length - 1];
    if (key && last?.type === 'fold' && last.sessionId === key.sessionId && last.updateKind === key.updateKind) {
      const m = record as MessageRecord;
      last.records.push(m);
      last.lastSeq = m.seq;
      last.endAt = m.at;
      last.bytes += m.size;
      return [{ type: 'extend', row: last }];
    }
    if (!key) {
      this.#candidate = undefined;
      return [{ type: 'append', row: this.#push(record) }];
    }
    const c = this.#candidate;
    const continues = c !== undefined && c.sessionId === key.sessionId && c.updateKind === key.updateKind;
    const rows = continues ? c.rows : [];
    if (rows.length + 1 < this.#minRun) {
      const row = this.#push(record);
      rows.push(row);
      this.#candidate = { ...key, rows };
      return [{ type: 'append', row }];
    }
    const records = [...rows.map((r) => r.record as MessageRecord), record as MessageRecord];
    const from = rows[0]?.index ?? this.#rows.length;
    this.#rows.length = from;
    const fold: FoldRow = {
      type: 'fold',
      index: from,
      ...key,
      records,
      firstSeq: records[0]!.seq,
      lastSeq: record.seq,
      startAt: records[0]!.at,
      endAt: record.at,
      bytes: records.reduce((n, r) => n + r.size, 0),
    };
    this.#rows.push(fold);
    this.#candidate = undefined;
    return rows.length ? [{ type: 'replace', from, row: fold }] : [{ type: 'append', row: fold }];
  }

  #push(record: TrafficRecord): RecordRow {
    const row: RecordRow = { type: 'record', index: this.#rows.length, record };
    this.#rows.push(row);
    return row;
  }

  clear(): void {
    this.#rows.length = 0;
    this.#candidate = undefined;
  }
}

/** Folds a whole list of records at once. */
export function foldRecords(records: Iterable<TrafficRecord>, options?: TrafficFolderOptions): TrafficRow[] {
  const f = new TrafficFolder(options);
  for (const r of records) f.add(r);
  return [...f.rows];
}

/** "214 chunks · 3.1 kB · 2.4 s" (thought chunks say "thought chunks"). */
export function foldLabel(row: FoldRow): string {
  const n = row.records.length;
  const noun = row.updateKind === 'agent_thought_chunk' ? 'thought chunk' : 'chunk';
  return `${n} ${noun}${n === 1 ? '' : 's'} · ${formatBytes(row.bytes)} · ${formatDuration(row.endAt - row.startAt)}`;
}

/** The text the chunks of a fold carry, concatenated (text content only). */
export function foldText(row: FoldRow): string {
  let out = '';
  for (const r of row.records) {
    const update = (r.message as { params?: { update?: { content?: { type?: unknown; text?: unknown } } } }).params
      ?.update;
    const content = update?.content;
    if (content?.type === 'text' && typeof content.text === 'string') out += content.text;
  }
  return out;
}
