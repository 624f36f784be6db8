/**
 * The traffic log's side of its thread boundary: a `TrafficLog` served over a message port.
 * In the app it runs in a worker thread (traffic-worker.ts), so that the log's work (the
 * redaction of every record, the ring, the JSONL spill, queries over 100k records) never
 * runs on the thread that carries the transport and the UI's IPC. `TrafficLogHost` is the
 * other side. Messages on one port arrive in order, so a query sees every record appended
 * before it was asked.
 *
 * Records arrive as the transport made them (`UnredactedRecord`) with the spec of the
 * transport's redactor, and are redacted here, before the log keeps anything. A batch
 * without a spec is redacted with the endpoint's last redactor (or the default one, which
 * masks by name and shape): records that were already redacted pass unchanged.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Redactor, type RedactorSpec } from '../transport/redact';
import { redactRecord } from '../transport/tap';
import type { TrafficRecord } from '../../shared/domain/traffic';
import type { TrafficRecordsEvent } from '../../shared/ipc/contract';
import { AppError } from '../../shared/util/result';
import { TrafficLog } from './traffic-log';
import { compileTrafficQuery } from './traffic-query';
import { batchSize, readFeedBatch, type FeedBatch } from './feed-batch';
import type { TimeRange } from './traffic-timeline';

export interface TrafficServiceOptions {
  readonly dir: string;
  readonly maxRecords?: number | undefined;
  readonly maxSpillBytes?: number | undefined;
}

interface ServeOptions extends TrafficServiceOptions {
  /** For tests: fake time for the backlog. */
  readonly timers?: BacklogTimers;
}

/** The calls the host makes; each answers with a `result` message of the same id. */
export interface TrafficCalls {
  subscribe(target: string): { subscriptionId: string; total: number };
  unsubscribe(subscriptionId: string): null;
  total(target: string): number;
  window(
    endpointId: string,
    fromSeq: number | undefined,
    limit: number,
    query: string | undefined,
    range: TimeRange | undefined,
  ): ReturnType<TrafficLog['window']>;
  timeline(endpointId: string, query: string | undefined, now: number | undefined): ReturnType<TrafficLog['timeline']>;
  snapshot(endpointId: string | undefined, limit: number): TrafficRecord[];
  clear(endpointId: string | undefined): Promise<null>;
  export(endpointId: string): ReturnType<TrafficLog['export']>;
  flush(): Promise<null>;
  close(): Promise<null>;
  /** The heap the log's thread uses, bytes (after a full GC when `gc`: for benchmarks). */
  heapUsed(gc: boolean): number;
}

export type TrafficMethod = keyof TrafficCalls;

export type ToTrafficService =
  | { readonly t: 'append'; readonly endpointId: string; readonly records: readonly TrafficRecord[] }
  | {
      readonly t: 'feed';
      readonly endpointId: string;
      /** The redactor of the feed's transport, when it is new or learned a value since the last batch. */
      readonly spec?: RedactorSpec;
      readonly batch: FeedBatch;
    }
  | { readonly t: 'call'; readonly id: number; readonly method: TrafficMethod; readonly args: readonly unknown[] };

export interface WireError {
  readonly message: string;
  readonly code?: AppError['code'];
  readonly details?: unknown;
}

export type FromTrafficService =
  | { readonly t: 'result'; readonly id: number; readonly value: unknown }
  | { readonly t: 'result'; readonly id: number; readonly error: WireError }
  | { readonly t: 'records'; readonly event: TrafficRecordsEvent }
  | { readonly t: 'problem'; readonly message: string };

/** What the service needs of a port: `MessagePort`, `parentPort` and the tests' channels all fit. */
export interface ServicePort {
  postMessage(message: FromTrafficService): void;
  on(event: 'message', listener: (message: ToTrafficService) => void): unknown;
}

export function toWireError(e: unknown): WireError {
  if (e instanceof AppError)
    return { message: e.message, code: e.code, ...(e.details === undefined ? {} : { details: e.details }) };
  return { message: e instanceof Error ? e.message : String(e) };
}

type Batch = Extract<ToTrafficService, { t: 'append' | 'feed' }>;

export interface BacklogTimers {
  setTimeout(f: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

const realTimers: BacklogTimers = {
  setTimeout: (f, ms) => setTimeout(f, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  now: () => performance.now(),
};

/** While nothing watches the endpoint: processing waits for this long a pause in its traffic… */
export const QUIET_MS = 500;
/** …but no record waits longer than this… */
export const MAX_DELAY_MS = 2000;
/** …and no more than this many wait (their wire text is what they hold meanwhile). */
export const MAX_BACKLOG = 50_000;
/** With the inspector watching: its live tail gets the records this soon. */
export const WATCHED_DELAY_MS = 16;

/**
 * When the log does its work. Redacting, indexing and spilling a record costs several times
 * what handing it over did, and on a machine with few cores it competes with the transport
 * and the agent for the same CPU. So while no window watches an endpoint, batches wait for a
 * pause in the traffic (QUIET_MS) and are processed then: a streaming turn is not slowed by
 * its own log. A wait is bounded in time (MAX_DELAY_MS) and size (MAX_BACKLOG); a watched
 * endpoint's records are processed within a frame (WATCHED_DELAY_MS); and every call (window,
 * query, export, clear, …) first processes everything before it, so no answer misses a record.
 */
export class Backlog<T> {
  #queue: T[] = [];
  #count = 0;
  #since = 0;
  #timer: unknown;
  #due = Infinity;

  constructor(
    private readonly take: (items: readonly T[]) => void,
    private readonly timers: BacklogTimers,
  ) {}

  get size(): number {
    return this.#count;
  }

  add(item: T, count: number, watched: boolean): void {
    const now = this.timers.now();
    if (this.#queue.length === 0) this.#since = now;
    this.#queue.push(item);
    this.#count += count;
    if (this.#count >= MAX_BACKLOG) return this.drain();
    const due = watched ? now + WATCHED_DELAY_MS : Math.min(now + QUIET_MS, this.#since + MAX_DELAY_MS);
    // Watched: the first batch's deadline holds. Unwatched: each batch moves it (a pause is awaited).
    if (watched && this.#timer !== undefined && this.#due <= due) return;
    this.#arm(due, now);
  }

  /** Processes every waiting item, in order, now. */
  drain(): void {
    if (this.#timer !== undefined) this.timers.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#due = Infinity;
    const queue = this.#queue;
    this.#queue = [];
    this.#count = 0;
    if (queue.length) this.take(queue);
  }

  #arm(due: number, now: number): void {
    if (this.#timer !== undefined) this.timers.clearTimeout(this.#timer);
    this.#due = due;
    this.#timer = this.timers.setTimeout(() => this.drain(), Math.max(0, due - now));
  }
}

let collect: (() => void) | undefined;
function fullGc(): void {
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
  collect();
}

/** Serves one TrafficLog on `port` until its `close` call. */
export function serveTrafficLog(port: ServicePort, options: ServeOptions): TrafficLog {
  const log = new TrafficLog({
    dir: options.dir,
    ...(options.maxRecords === undefined ? {} : { maxRecords: options.maxRecords }),
    ...(options.maxSpillBytes === undefined ? {} : { maxSpillBytes: options.maxSpillBytes }),
    emit: (event) => port.postMessage({ t: 'records', event }),
    onError: (message) => port.postMessage({ t: 'problem', message }),
  });
  const redactors = new Map<string, Redactor>();
  const fallback = new Redactor();
  const calls: TrafficCalls = {
    subscribe: (target) => log.subscribe(target),
    unsubscribe: (id) => (log.unsubscribe(id), null),
    total: (target) => log.total(target),
    window: (endpointId, fromSeq, limit, query, range) =>
      log.window(endpointId, fromSeq, limit, compileTrafficQuery(query), range),
    timeline: (endpointId, query, now) => log.timeline(endpointId, compileTrafficQuery(query), now),
    snapshot: (endpointId, limit) => log.snapshot(endpointId, limit),
    clear: async (endpointId) => (await log.clear(endpointId), null),
    export: (endpointId) => log.export(endpointId),
    flush: async () => (await log.flush(), null),
    close: async () => (await log.close(), null),
    heapUsed: (gc) => {
      if (gc) fullGc();
      return getHeapStatistics().used_heap_size;
    },
  };

  const redacted = (m: Batch): TrafficRecord[] => {
    if (m.t === 'append') return m.records.map((r) => redactRecord(r, fallback));
    if (m.spec) redactors.set(m.endpointId, Redactor.fromSpec(m.spec));
    return readFeedBatch(m.batch, redactors.get(m.endpointId) ?? fallback);
  };
  // Consecutive batches of one endpoint are logged as one: one live event per endpoint and
  // subscription per drain, as the window applies them, not one per posted batch.
  const take = (batches: readonly Batch[]) => {
    for (let i = 0; i < batches.length;) {
      const endpointId = batches[i]!.endpointId;
      const records: TrafficRecord[] = [];
      for (; i < batches.length && batches[i]!.endpointId === endpointId; i++)
        try {
          for (const r of redacted(batches[i]!)) records.push(r);
        } catch (e) {
          port.postMessage({
            t: 'problem',
            message: `traffic records of ${endpointId} lost: ${toWireError(e).message}`,
          });
        }
      log.append(endpointId, records);
    }
  };
  const backlog = new Backlog(take, options.timers ?? realTimers);

  port.on('message', (m) => {
    if (m.t === 'append' || m.t === 'feed') {
      const count = m.t === 'append' ? m.records.length : batchSize(m.batch);
      return backlog.add(m, count, log.watched(m.endpointId));
    }
    // Every answer covers every record posted before the question.
    backlog.drain();
    const call = calls[m.method] as (...args: readonly unknown[]) => unknown;
    void (async () => {
      try {
        port.postMessage({ t: 'result', id: m.id, value: await call(...m.args) });
      } catch (e) {
        port.postMessage({ t: 'result', id: m.id, error: toWireError(e) });
      }
    })();
  });
  return log;
}
