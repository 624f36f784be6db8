/**
 * The traffic log of the app: per endpoint (every connection generation of it, rebuilds
 * included) a bounded ring in memory for windows and live tail, and a JSONL spill file under
 * `<dataDir>/traffic/` so an export holds every record the ring already dropped. Records
 * arrive redacted (the tap, or the traffic worker, masks them: see traffic-service.ts).
 * Live records go only to subscriptions: nothing is pushed for an endpoint no window
 * watches. In the app this runs in a worker thread, behind TrafficLogHost.
 */
import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import type { TrafficRecord } from '../../shared/domain/traffic';
import { TrafficPairing } from '../../shared/traffic/pairing';
import { prepareRecord, type QueryContext, type TrafficQuery } from '../../shared/traffic/query';
import type {
  TrafficEntry,
  TrafficExport,
  TrafficRecordsEvent,
  TrafficTimeline,
  TrafficWindow,
} from '../../shared/ipc/contract';
import { TrafficRing } from './traffic-ring';
import { TrafficSpill } from './traffic-spill';
import { hasRange, inRange, timelineOf, type TimeRange } from './traffic-timeline';

export const DEFAULT_MAX_RECORDS = 100_000;
export const DEFAULT_MAX_SPILL_BYTES = 64 * 1024 * 1024;
/** Largest window a caller may ask for. */
export const MAX_WINDOW = 5000;

const NO_CONTEXT: QueryContext = {};

export interface TrafficLogOptions {
  /** Folder of the spill files, e.g. `<dataDir>/traffic`. */
  readonly dir: string;
  /** Records kept in memory per endpoint. */
  readonly maxRecords?: number;
  /** Bytes kept on disk per endpoint (current + rotated spill file). */
  readonly maxSpillBytes?: number;
  /** Live records for one subscription. */
  readonly emit: (event: TrafficRecordsEvent) => void;
  readonly onError?: (message: string) => void;
}

/**
 * The records of one transport instance: its `seq` and `generation` restart when the engine
 * builds a new connection, so requests are paired within a segment only.
 */
interface Segment {
  readonly startLogSeq: number;
  lastRecordSeq: number;
  readonly pairing: TrafficPairing;
  /** `{ pairing }` for queries, made once rather than per record and query. */
  readonly ctx: QueryContext;
}

function newSegment(startLogSeq: number, lastRecordSeq: number): Segment {
  const pairing = new TrafficPairing();
  return { startLogSeq, lastRecordSeq, pairing, ctx: { pairing } };
}

interface EndpointLog {
  readonly ring: TrafficRing;
  readonly spill: TrafficSpill;
  /** Records logged since the last clear, evicted ones included. */
  total: number;
  /** Oldest first; segments whose records all left the ring are dropped. */
  segments: Segment[];
}

export class TrafficLog {
  readonly #o: TrafficLogOptions;
  readonly #maxRecords: number;
  readonly #logs = new Map<string, EndpointLog>();
  /** subscriptionId → endpoint id or 'all'. */
  readonly #subs = new Map<string, string>();
  #closed = false;

  constructor(options: TrafficLogOptions) {
    this.#o = options;
    this.#maxRecords = options.maxRecords ?? DEFAULT_MAX_RECORDS;
  }

  /** Logs a batch of one endpoint's records and pushes it to the subscriptions that watch it. */
  append(endpointId: string, records: readonly TrafficRecord[]): void {
    if (records.length === 0 || this.#closed) return;
    const log = this.#log(endpointId);
    const entries: TrafficEntry[] = new Array<TrafficEntry>(records.length);
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      log.spill.append(r);
      // The flat view queries read, derived now (about 1 µs) rather than for 100k records at
      // once on the first query. Free text searches the JSON text the spill line kept.
      prepareRecord(r);
      log.total++;
      const entry = log.ring.push(r);
      let seg = log.segments[log.segments.length - 1];
      if (!seg || r.seq <= seg.lastRecordSeq) {
        seg = newSegment(entry.logSeq, r.seq);
        log.segments.push(seg);
      }
      seg.lastRecordSeq = r.seq;
      seg.pairing.add(r);
      entries[i] = entry;
    }
    while (log.segments.length > 1 && log.segments[1]!.startLogSeq <= log.ring.firstSeq) log.segments.shift();
    for (const [subscriptionId, target] of this.#subs) {
      if (target !== 'all' && target !== endpointId) continue;
      this.#o.emit({ subscriptionId, endpointId, records: entries });
    }
  }

  subscribe(target: string): { subscriptionId: string; total: number } {
    const subscriptionId = randomUUID();
    this.#subs.set(subscriptionId, target);
    return { subscriptionId, total: this.total(target) };
  }

  /** Forgets a subscription; unknown ids are ignored (a window may unsubscribe twice). */
  unsubscribe(subscriptionId: string): void {
    this.#subs.delete(subscriptionId);
  }

  get subscriptionCount(): number {
    return this.#subs.size;
  }

  total(target: string): number {
    if (target !== 'all') return this.#logs.get(target)?.total ?? 0;
    let n = 0;
    for (const l of this.#logs.values()) n += l.total;
    return n;
  }

  /**
   * A bounded slice of the ring (see `TrafficRing.window`). With a query: up to `limit`
   * matching records from `fromSeq` on (or the newest matches), with request/response
   * pairing of their connection for `latency:`, `method:` on responses and `has:`. With a
   * `range`, only records whose time is within it (the timeline's brush).
   */
  window(
    endpointId: string,
    fromSeq: number | undefined,
    limit: number,
    query?: TrafficQuery,
    range?: TimeRange,
  ): TrafficWindow {
    const n = Math.min(Math.max(0, Math.floor(limit)), MAX_WINDOW);
    const log = this.#logs.get(endpointId);
    if (!log) return { records: [], total: 0, firstSeq: 0, lastSeq: 0 };
    const q = query && !query.empty ? query : undefined;
    const timed = hasRange(range) ? range : undefined;
    const records =
      q || timed
        ? log.ring.filter(
            (e) =>
              inRange(e.record.at, timed) && (!q || q.match(e.record, segmentOf(log, e.logSeq)?.ctx ?? NO_CONTEXT)),
            fromSeq,
            n,
          )
        : log.ring.window(fromSeq, n);
    return { records, total: log.total, firstSeq: log.ring.firstSeq, lastSeq: log.ring.lastSeq };
  }

  /** The lane timeline and per-method latency of what the endpoint's ring holds (see traffic-timeline). */
  timeline(endpointId: string, query?: TrafficQuery, now?: number): TrafficTimeline {
    const log = this.#logs.get(endpointId);
    const entries = log ? log.ring.window(undefined, log.ring.size) : [];
    return timelineOf(endpointId, entries, (seq) => (log ? segmentOf(log, seq)?.pairing : undefined), query, now);
  }

  /** The newest `limit` records of one endpoint, or of all by time. */
  snapshot(endpointId: string | undefined, limit: number): TrafficRecord[] {
    if (endpointId) return (this.#logs.get(endpointId)?.ring.window(undefined, limit) ?? []).map((e) => e.record);
    const all = [...this.#logs.values()].flatMap((l) => l.ring.window(undefined, limit));
    return all
      .sort((a, b) => a.record.at - b.record.at)
      .slice(-limit)
      .map((e) => e.record);
  }

  /** Empties the ring and the spill file of one endpoint, or of all. */
  async clear(endpointId?: string): Promise<void> {
    const logs = endpointId ? [this.#logs.get(endpointId)] : [...this.#logs.values()];
    await Promise.all(
      logs.map(async (l) => {
        if (!l) return;
        l.ring.clear();
        l.total = 0;
        l.segments = [];
        await l.spill.clear();
      }),
    );
  }

  /** Every kept record of an endpoint as JSONL, from the spill file. */
  async export(endpointId: string): Promise<TrafficExport> {
    const log = this.#logs.get(endpointId);
    if (!log) return { content: '', records: 0, truncated: false, complete: true };
    const r = await log.spill.read();
    let records = 0;
    for (let i = r.content.indexOf('\n'); i !== -1; i = r.content.indexOf('\n', i + 1)) records++;
    return { content: r.content, records, truncated: r.truncated, complete: r.complete };
  }

  /** Writes what is queued; the log stays usable. */
  async flush(): Promise<void> {
    await Promise.all([...this.#logs.values()].map((l) => l.spill.flush()));
  }

  /** Writes what is queued and stops logging (later records are ignored). */
  async close(): Promise<void> {
    this.#closed = true;
    this.#subs.clear();
    await Promise.all([...this.#logs.values()].map((l) => l.spill.close()));
  }

  #log(endpointId: string): EndpointLog {
    let log = this.#logs.get(endpointId);
    if (log) return log;
    log = {
      ring: new TrafficRing(endpointId, this.#maxRecords),
      spill: new TrafficSpill(path.join(this.#o.dir, spillName(endpointId)), {
        maxBytes: this.#o.maxSpillBytes ?? DEFAULT_MAX_SPILL_BYTES,
        onError: (m) => this.#o.onError?.(m),
      }),
      total: 0,
      segments: [],
    };
    this.#logs.set(endpointId, log);
    return log;
  }
}

function segmentOf(log: EndpointLog, logSeq: number): Segment | undefined {
  const segs = log.segments;
  let lo = 0;
  let hi = segs.length - 1;
  let found: Segment | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (segs[mid]!.startLogSeq <= logSeq) {
      found = segs[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** A file name for an endpoint id: the id itself when it is tame, else a tame prefix and a hash. */
export function spillName(endpointId: string): string {
  if (/^[A-Za-z0-9_-]{1,100}$/.test(endpointId)) return `${endpointId}.jsonl`;
  const tame = endpointId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 60);
  const hash = createHash('sha256').update(endpointId).digest('hex').slice(0, 12);
  return `${tame}-${hash}.jsonl`;
}
