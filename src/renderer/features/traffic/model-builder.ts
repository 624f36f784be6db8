/**
 * The traffic table's model, kept up to date incrementally. The live tail hands the panel a
 * new entry list on every batch — the previous one with new entries at the end and, once the
 * panel holds its cap, the oldest dropped — so re-deriving pairing, folding and every row's
 * columns from all of them (5,000 entries, tens of ms) on each batch cost the panel its frame
 * rate. The builder remembers the list it saw last: when the next one extends it, only the
 * new entries are paired, folded and turned into rows; the rows of entries dropped at the front
 * are cut off. Anything else (a query's results, older windows, a clear) is a fresh build.
 *
 * What it keeps for dropped entries (their pairing, their rows) is released by a fresh build
 * once as many entries were dropped as the list holds, so memory stays within twice the list.
 * The result equals `buildModel(entries)` but for what dropped entries still tell: a response
 * whose request was dropped keeps its latency, a record whose turn's prompt was dropped its
 * time since that prompt (a fresh build no longer sees them).
 */
import type { TrafficRecord } from '../../../shared/domain/traffic';
import type { TrafficEntry } from '../../../shared/ipc/contract';
import { TrafficFolder, type FoldRow, type FoldUpdate } from '../../../shared/traffic/folding';
import { messageInfo } from '../../../shared/traffic/message-info';
import { TrafficPairing, type Exchange } from '../../../shared/traffic/pairing';
import { entryKey } from '../../state/traffic-store';
import { columnsOf, foldDisplayRow, type Derived, type DisplayRow, type TrafficModel } from './traffic-rows';

interface Segment {
  readonly pairing: TrafficPairing;
  lastSeq: number;
  readonly bySeq: Map<number, string>;
}

export class TrafficModelBuilder {
  #entries: readonly TrafficEntry[] = [];
  #model: TrafficModel | null = null;
  /** Entries added since the last fresh build (including ones dropped from the list since). */
  #added = 0;
  #segs = new Map<string, Segment>();
  #promptAt = new Map<string, number>();
  #exchanges = new Map<string, Exchange>();
  #partners = new Map<string, string>();
  #turnStart = new Map<string, number>();
  #byRecord = new Map<TrafficRecord, TrafficEntry>();
  #byKey = new Map<string, TrafficEntry>();
  #known = { methods: new Set<string>(), sessions: new Set<string>(), kinds: new Set<string>() };
  #folder = new TrafficFolder();
  /** One display row per folder row, same index. */
  #rows: DisplayRow[] = [];
  /** Index in #rows of the row each record is in. */
  #rowIndex = new Map<TrafficRecord, number>();

  /** The model of `entries` (the same object again for the same list). */
  update(entries: readonly TrafficEntry[]): TrafficModel {
    if (this.#model && entries === this.#entries) return this.#model;
    const appended = this.#extension(entries);
    if (appended === undefined || this.#added + appended.length > 2 * Math.max(entries.length, 1)) this.#reset(entries);
    else for (const e of appended) this.#add(e);
    this.#entries = entries;
    this.#model = this.#snapshot(entries);
    return this.#model;
  }

  /** The entries `next` adds at the end of the last list (whose oldest it may drop), or undefined. */
  #extension(next: readonly TrafficEntry[]): readonly TrafficEntry[] | undefined {
    const prev = this.#entries;
    const last = prev[prev.length - 1];
    if (!this.#model || !last || next.length === 0) return undefined;
    const i = next.lastIndexOf(last);
    if (i < 0) return undefined;
    const dropped = prev.length - 1 - i;
    if (dropped < 0 || next[0] !== prev[dropped]) return undefined;
    return next.slice(i + 1);
  }

  #reset(entries: readonly TrafficEntry[]): void {
    this.#added = 0;
    this.#segs = new Map();
    this.#promptAt = new Map();
    this.#exchanges = new Map();
    this.#partners = new Map();
    this.#turnStart = new Map();
    this.#byRecord = new Map();
    this.#byKey = new Map();
    this.#known = { methods: new Set(), sessions: new Set(), kinds: new Set() };
    this.#folder = new TrafficFolder();
    this.#rows = [];
    this.#rowIndex = new Map();
    for (const e of entries) this.#add(e);
  }

  get #derived(): Derived {
    return { exchanges: this.#exchanges, turnStart: this.#turnStart };
  }

  #add(e: TrafficEntry): void {
    this.#added++;
    const r = e.record;
    const key = entryKey(e);
    this.#byRecord.set(r, e);
    this.#byKey.set(key, e);
    const answered = this.#pair(e, key);
    if (r.kind === 'message') {
      const info = messageInfo(r);
      if (info.method) this.#known.methods.add(info.method);
      if (info.sessionId) this.#known.sessions.add(info.sessionId);
      if (info.updateKind) this.#known.kinds.add(info.updateKind);
      if (r.direction === 'out' && info.method === 'session/prompt') this.#promptAt.set(e.endpointId, r.at);
    }
    const start = this.#promptAt.get(e.endpointId);
    if (start !== undefined) this.#turnStart.set(key, start);
    for (const u of this.#folder.add(r)) this.#applyFold(u, e);
    // A request's row shows whether its answer failed: rebuilt now that the answer is here.
    if (answered) this.#refresh(answered);
  }

  /** Pairs the record; returns the key of the request it answers, if any. */
  #pair(e: TrafficEntry, key: string): string | undefined {
    const r = e.record;
    let seg = this.#segs.get(e.endpointId);
    if (!seg || r.seq <= seg.lastSeq) {
      seg = { pairing: new TrafficPairing(), lastSeq: r.seq, bySeq: new Map() };
      this.#segs.set(e.endpointId, seg);
    }
    seg.lastSeq = r.seq;
    seg.bySeq.set(r.seq, key);
    let answered: string | undefined;
    for (const u of seg.pairing.add(r)) {
      if (u.type !== 'response') continue;
      const req = seg.bySeq.get(u.exchange.requestSeq);
      if (req) {
        this.#partners.set(req, key);
        this.#partners.set(key, req);
        answered = req;
      }
    }
    const ex = seg.pairing.exchangeOf(r.seq);
    if (ex) this.#exchanges.set(key, ex);
    return answered;
  }

  #applyFold(u: FoldUpdate, e: TrafficEntry): void {
    if (u.type === 'replace') {
      this.#rows.length = u.from;
      for (const rec of u.row.records) this.#rowIndex.set(rec, u.from);
    }
    const row = u.row;
    if (row.type === 'record') {
      this.#rowIndex.set(row.record, row.index);
      this.#rows[row.index] = { key: entryKey(e), type: 'record', entry: e, ...columnsOf(e, this.#derived) };
      return;
    }
    this.#rowIndex.set(e.record, row.index);
    this.#rows[row.index] = foldDisplayRow(row, this.#byRecord.get(row.records[0]!)!, this.#derived);
  }

  #refresh(key: string): void {
    const entry = this.#byKey.get(key);
    const index = entry && this.#rowIndex.get(entry.record);
    const row = index === undefined ? undefined : this.#rows[index];
    if (!entry || !row || row.type !== 'record') return;
    this.#rows[index!] = { ...row, ...columnsOf(entry, this.#derived) };
  }

  #snapshot(entries: readonly TrafficEntry[]): TrafficModel {
    const first = entries[0];
    const from = first ? (this.#rowIndex.get(first.record) ?? 0) : this.#rows.length;
    const rows = this.#rows.slice(from);
    const head = rows[0];
    if (first && head?.type === 'fold' && head.entry !== first) rows[0] = this.#partialFold(head.fold!, first);
    // The maps of this build (a fresh build replaces them; an older model keeps its own).
    const d = this.#derived;
    const [byRecord, byKey, partners, known] = [this.#byRecord, this.#byKey, this.#partners, this.#known];
    return {
      rows,
      exchangeOf: (key) => d.exchanges.get(key),
      partnerOf: (key) => partners.get(key),
      entryOf: (key) => byKey.get(key),
      rowOf: (record) => {
        const entry = byRecord.get(record);
        return entry && { key: entryKey(entry), type: 'record', entry, ...columnsOf(entry, d) };
      },
      recordsOf: (endpointId) => entries.filter((e) => e.endpointId === endpointId).map((e) => e.record),
      known: { methods: [...known.methods], sessions: [...known.sessions], kinds: [...known.kinds] },
    };
  }

  /** A fold whose oldest chunks were dropped from the list: the run of the chunks still held. */
  #partialFold(fold: FoldRow, first: TrafficEntry): DisplayRow {
    const kept = fold.records.slice(fold.records.indexOf(first.record as FoldRow['records'][number]));
    if (kept.length < 2)
      return { key: entryKey(first), type: 'record', entry: first, ...columnsOf(first, this.#derived) };
    const partial: FoldRow = {
      ...fold,
      records: kept,
      firstSeq: kept[0]!.seq,
      startAt: kept[0]!.at,
      bytes: kept.reduce((n, r) => n + r.size, 0),
    };
    return foldDisplayRow(partial, first, this.#derived);
  }
}

/** The model of one entry list, built from scratch. */
export function buildModel(entries: readonly TrafficEntry[]): TrafficModel {
  return new TrafficModelBuilder().update(entries);
}
