/**
 * The app's traffic log, as the core on the main thread uses it: a `TrafficLog` running in a
 * worker thread (traffic-service.ts), behind the same methods, asynchronous.
 *
 * Why a worker: the log redacts every record, derives what queries read, writes the JSONL
 * spill and scans 100k records for a query. On the transport's thread that cost about 20 %
 * of a streaming turn's throughput (issue 11 allows 5 %). Here the transport's thread only
 * hands records over: the tap gives them unredacted, `append` collects them, and once per
 * turn of the event loop they are posted to the worker (one structured clone of the batch),
 * which redacts them with the transport's redactor before it keeps anything.
 *
 * Order: appends and calls go over one port, and a call first posts the appends collected
 * before it, so a query always sees the records logged before it was asked.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { TrafficRecord } from '../../shared/domain/traffic';
import type { TrafficExport, TrafficRecordsEvent, TrafficTimeline, TrafficWindow } from '../../shared/ipc/contract';
import { AppError } from '../../shared/util/result';
import type { Redactor } from '../transport/redact';
import type { TrafficFeed } from '../transport/tap';
import { Backlog, realTimers, type BacklogTimers } from './backlog';
import { batchSize, FeedWriter } from './feed-batch';
import type {
  FromTrafficService,
  ToTrafficService,
  TrafficBatch,
  TrafficCalls,
  TrafficMethod,
  TrafficServiceOptions,
  WireError,
} from './traffic-service';
import type { TimeRange } from './traffic-timeline';

export interface TrafficLogHostOptions extends TrafficServiceOptions {
  /** Live records for one subscription. */
  readonly emit: (event: TrafficRecordsEvent) => void;
  readonly onError?: (message: string) => void;
  /** Starts the service with its data port (default: a worker thread, see `startTrafficWorker`). */
  readonly start?: (options: TrafficServiceOptions, data: MessagePort) => HostPort;
  /** For tests: fake time for the backlog. */
  readonly timers?: BacklogTimers;
}

/** The host's end of the service: a `Worker`, or a `MessagePort` in tests. */
export interface HostPort {
  postMessage(message: ToTrafficService): void;
  on(event: 'message', listener: (message: FromTrafficService) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  ref?(): void;
  unref?(): void;
  terminate?(): Promise<number>;
  close?(): void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface Batch {
  readonly endpointId: string;
  readonly records: TrafficRecord[];
}

/** One transport's feed: its records since the last post. */
interface HostFeed {
  readonly endpointId: string;
  readonly redactor: Redactor;
  readonly writer: FeedWriter;
  /** The redactor's version when its spec was last posted (-1: never). */
  sentVersion: number;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));

/**
 * The worker's script: the built `traffic-worker.js` when this code runs from the main bundle
 * (out/main, where it sits beside index.js), else the source through its tsx boot file.
 */
export function trafficWorkerFile(dir: string = HERE): string {
  const built = path.join(dir, 'traffic-worker.js');
  return existsSync(built) ? built : path.join(dir, 'traffic-worker-boot.mjs');
}

export function startTrafficWorker(options: TrafficServiceOptions, data: MessagePort): HostPort {
  return new Worker(trafficWorkerFile(), {
    workerData: { ...options, data },
    transferList: [data],
    name: 'traffic-log',
  });
}

export class TrafficLogHost {
  readonly #o: TrafficLogHostOptions;
  readonly #port: HostPort;
  /** Records go here; the worker reads them only when told to drain (see backlog.ts). */
  readonly #data: MessagePort;
  readonly #backlog: Backlog;
  readonly #calls = new Map<number, Pending>();
  /** subscriptionId → endpoint id or 'all'. */
  readonly #subs = new Map<string, string>();
  #batches: Batch[] = [];
  /** Per endpoint, the feed whose redactor the worker holds (it sent the last batch). */
  readonly #lastFeed = new Map<string, HostFeed>();
  /** Feeds with records to post, in the order they got their first. */
  #dirty: HostFeed[] = [];
  #scheduled = false;
  #nextId = 1;
  #stopped: string | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: TrafficLogHostOptions) {
    this.#o = options;
    const { dir, maxRecords, maxSpillBytes } = options;
    const { port1, port2 } = new MessageChannel();
    this.#data = port1;
    this.#data.unref();
    this.#backlog = new Backlog(() => this.#port.postMessage({ t: 'drain' }), options.timers ?? realTimers);
    this.#port = (options.start ?? startTrafficWorker)({ dir, maxRecords, maxSpillBytes }, port2);
    this.#port.on('message', (m) => this.#receive(m));
    this.#port.on('error', (e) => this.#stop(`the traffic log stopped: ${e.message}`));
    this.#port.on('exit', (code) => {
      if (!this.#closing) this.#stop(`the traffic log's worker exited (code ${code})`);
    });
    this.#port.unref?.();
  }

  /**
   * Where a transport of `endpointId` feeds its records (`AcpTransport.feedTraffic`): they are
   * posted, unredacted, to the worker, which redacts them with `redactor` before keeping them.
   */
  feed(endpointId: string, redactor: Redactor): TrafficFeed {
    const feed: HostFeed = {
      endpointId,
      redactor,
      sentVersion: -1,
      writer: new FeedWriter(
        () => {
          if (this.#closing || this.#stopped) return;
          this.#dirty.push(feed);
          this.#schedule();
        },
        () => this.#postFeed(feed),
      ),
    };
    return feed.writer;
  }

  /**
   * Logs records made elsewhere (a recording, a Diagnose run's probe). They are redacted in
   * the worker by name and shape; records that were redacted already pass unchanged.
   */
  append(endpointId: string, records: readonly TrafficRecord[]): void {
    if (records.length === 0 || this.#closing || this.#stopped) return;
    const last = this.#batches[this.#batches.length - 1];
    if (last && last.endpointId === endpointId) for (const r of records) last.records.push(r);
    else this.#batches.push({ endpointId, records: [...records] });
    this.#schedule();
  }

  async subscribe(target: string): Promise<{ subscriptionId: string; total: number }> {
    const sub = await this.#call('subscribe', target);
    this.#subs.set(sub.subscriptionId, target);
    return sub;
  }

  /** Forgets a subscription; unknown ids are ignored (a window may unsubscribe twice). */
  unsubscribe(subscriptionId: string): void {
    if (!this.#subs.delete(subscriptionId)) return;
    this.#call('unsubscribe', subscriptionId).catch(() => undefined); // a stopped log has none left
  }

  get subscriptionCount(): number {
    return this.#subs.size;
  }

  total(target: string): Promise<number> {
    return this.#call('total', target);
  }

  /** See `TrafficLog.window`; `query` is the inspector's query text. */
  window(
    endpointId: string,
    fromSeq: number | undefined,
    limit: number,
    query?: string,
    range?: TimeRange,
  ): Promise<TrafficWindow> {
    return this.#call('window', endpointId, fromSeq, limit, query, range);
  }

  timeline(endpointId: string, query?: string, now?: number): Promise<TrafficTimeline> {
    return this.#call('timeline', endpointId, query, now);
  }

  snapshot(endpointId: string | undefined, limit: number): Promise<TrafficRecord[]> {
    return this.#call('snapshot', endpointId, limit);
  }

  async clear(endpointId?: string): Promise<void> {
    await this.#call('clear', endpointId);
  }

  export(endpointId: string): Promise<TrafficExport> {
    return this.#call('export', endpointId);
  }

  /** Writes what is queued; the log stays usable. */
  async flush(): Promise<void> {
    await this.#call('flush');
  }

  /** Bytes of heap the log's thread uses (after a full GC when `gc`, for benchmarks). */
  heapUsed(gc = false): Promise<number> {
    return this.#call('heapUsed', gc);
  }

  /** Writes what is queued, stops logging and ends the worker. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#subs.clear();
      try {
        if (!this.#stopped) await this.#call('close');
      } finally {
        this.#backlog.reset();
        await this.#port.terminate?.();
        this.#port.close?.();
        this.#data.close();
      }
    })();
    return this.#closing;
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => this.#post());
  }

  /** Posts what was collected: once per turn of the event loop, and before every call. */
  #post(): void {
    this.#scheduled = false;
    const batches = this.#batches;
    const feeds = this.#dirty;
    this.#batches = [];
    this.#dirty = [];
    for (const b of batches)
      this.#send(b.endpointId, { t: 'append', endpointId: b.endpointId, records: b.records }, b.records.length);
    for (const f of feeds) this.#postFeed(f);
  }

  #postFeed(f: HostFeed): void {
    const batch = f.writer.take();
    if (!batch || this.#closing || this.#stopped) return;
    // The worker keeps one redactor per endpoint, the last one sent: send it again when the
    // redactor learned a value, or when another transport of the endpoint posted in between.
    const fresh = f.sentVersion !== f.redactor.version || this.#lastFeed.get(f.endpointId) !== f;
    f.sentVersion = f.redactor.version;
    this.#lastFeed.set(f.endpointId, f);
    this.#send(
      f.endpointId,
      { t: 'feed', endpointId: f.endpointId, ...(fresh ? { spec: f.redactor.spec() } : {}), batch },
      batchSize(batch),
    );
  }

  #send(endpointId: string, message: TrafficBatch, count: number): void {
    try {
      this.#data.postMessage(message);
      this.#backlog.add(count, this.#watched(endpointId));
    } catch (e) {
      this.#o.onError?.(`traffic records of ${endpointId} lost: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  #call<M extends TrafficMethod>(
    method: M,
    ...args: Parameters<TrafficCalls[M]>
  ): Promise<Awaited<ReturnType<TrafficCalls[M]>>> {
    if (this.#stopped) return Promise.reject(new AppError('internal', this.#stopped));
    this.#post();
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#calls.set(id, { resolve: resolve as (v: unknown) => void, reject });
      if (this.#calls.size === 1) this.#port.ref?.(); // a caller waits: keep the process up for the answer
      this.#backlog.reset(); // the worker drains before it answers
      this.#port.postMessage({ t: 'call', id, method, args });
    });
  }

  #watched(endpointId: string): boolean {
    for (const target of this.#subs.values()) if (target === 'all' || target === endpointId) return true;
    return false;
  }

  #receive(m: FromTrafficService): void {
    if (m.t === 'records') return this.#o.emit(m.event);
    if (m.t === 'problem') return this.#o.onError?.(m.message);
    const call = this.#calls.get(m.id);
    if (!call) return;
    this.#calls.delete(m.id);
    if (this.#calls.size === 0) this.#port.unref?.();
    if ('error' in m) call.reject(fromWire(m.error));
    else call.resolve(m.value);
  }

  #stop(reason: string): void {
    if (this.#stopped) return;
    this.#stopped = reason;
    this.#o.onError?.(reason);
    for (const c of this.#calls.values()) c.reject(new AppError('internal', reason));
    this.#calls.clear();
  }
}

function fromWire(e: WireError): Error {
  return e.code ? new AppError(e.code, e.message, e.details) : new Error(e.message);
}
