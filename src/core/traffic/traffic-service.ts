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
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { Redactor, type RedactorSpec } from '../transport/redact';
import { redactRecord } from '../transport/tap';
import type { TrafficRecord } from '../../shared/domain/traffic';
import type { TrafficRecordsEvent } from '../../shared/ipc/contract';
import { AppError } from '../../shared/util/result';
import { TrafficLog } from './traffic-log';
import { compileTrafficQuery } from './traffic-query';
import { readFeedBatch, type FeedBatch } from './feed-batch';
import type { TimeRange } from './traffic-timeline';

export interface TrafficServiceOptions {
  readonly dir: string;
  readonly maxRecords?: number | undefined;
  readonly maxSpillBytes?: number | undefined;
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

/** On the data port: records to log. They wait there, unread (not even deserialized), until a drain. */
export type TrafficBatch =
  | { readonly t: 'append'; readonly endpointId: string; readonly records: readonly TrafficRecord[] }
  | {
      readonly t: 'feed';
      readonly endpointId: string;
      /** The redactor of the feed's transport, when it is new or learned a value since the last batch. */
      readonly spec?: RedactorSpec;
      readonly batch: FeedBatch;
    };

/** On the control port: a call (answered with a `result`), or `drain` (log what the data port holds). */
export type ToTrafficService =
  | { readonly t: 'drain' }
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

/** What the service needs of its control port: `parentPort` and the tests' channels both fit. */
export interface ServicePort {
  postMessage(message: FromTrafficService): void;
  on(event: 'message', listener: (message: ToTrafficService) => void): unknown;
}

export function toWireError(e: unknown): WireError {
  if (e instanceof AppError)
    return { message: e.message, code: e.code, ...(e.details === undefined ? {} : { details: e.details }) };
  return { message: e instanceof Error ? e.message : String(e) };
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

/**
 * Serves one TrafficLog: calls on `port`, records on `data`. The records are read only on a
 * `drain` (the host decides when: see backlog.ts) and before every call, so an answer covers
 * every record posted before the question: the host posts records before the call that
 * follows them, and a port queues a message as it is posted.
 */
export function serveTrafficLog(port: ServicePort, data: MessagePort, options: TrafficServiceOptions): TrafficLog {
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

  const redacted = (m: TrafficBatch): TrafficRecord[] => {
    if (m.t === 'append') return m.records.map((r) => redactRecord(r, fallback));
    if (m.spec) redactors.set(m.endpointId, Redactor.fromSpec(m.spec));
    return readFeedBatch(m.batch, redactors.get(m.endpointId) ?? fallback);
  };
  // Consecutive batches of one endpoint are logged as one: one live event per endpoint and
  // subscription per drain, as the window applies them, not one per posted batch.
  const take = (batches: readonly TrafficBatch[]) => {
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
  const drain = () => {
    const batches: TrafficBatch[] = [];
    for (let m = receiveMessageOnPort(data); m; m = receiveMessageOnPort(data)) batches.push(m.message as TrafficBatch);
    if (batches.length) take(batches);
  };

  port.on('message', (m) => {
    drain();
    if (m.t === 'drain') return;
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
