/**
 * The fake bridge's traffic log: per endpoint an in-memory list of entries, subscriptions,
 * windows (with the inspector's query language, like the core) and JSONL export. A test
 * feeds it with `push(endpointId, records)`, which logs them and emits `traffic:records`
 * to the subscriptions that watch that endpoint.
 */
import type { TrafficRecord } from '../../shared/domain/traffic';
import type { TrafficEntry, TrafficRecordsEvent } from '../../shared/ipc/contract';
import { buildLaneTimeline } from '../../shared/traffic/lanes';
import { latencySummary } from '../../shared/traffic/latency';
import { TrafficPairing, type Exchange } from '../../shared/traffic/pairing';
import { parseTrafficQuery } from '../../shared/traffic/query';
import { serializeJsonl } from '../../shared/traffic/jsonl';
import { AppError, err, ok } from '../../shared/util/result';
import { Recordings } from '../../shared/traffic/recordings';
import type { Handlers } from './fake-handlers';

type TrafficHandlers = Pick<
  Handlers,
  | 'traffic:subscribe'
  | 'traffic:unsubscribe'
  | 'traffic:window'
  | 'traffic:export'
  | 'traffic:clear'
  | 'traffic:timeline'
  | 'traffic:openRecording'
  | 'traffic:recordings'
  | 'traffic:diagnoseRuns'
>;

/** Like the core: the same bounded, validating reader, into this fake log. */
function recordingHandlers(
  append: (endpointId: string, records: readonly TrafficRecord[]) => void,
): Pick<TrafficHandlers, 'traffic:openRecording' | 'traffic:recordings'> {
  let counter = 0;
  const recordings = new Recordings(append, () => `fake-${++counter}`);
  return {
    'traffic:openRecording': (part) => {
      try {
        return ok(recordings.push(part));
      } catch (e) {
        return e instanceof AppError ? err(e.code, e.message) : err('internal', String(e));
      }
    },
    'traffic:recordings': () => ok(recordings.list()),
  };
}

const orNull = (n: number): number | null => (Number.isFinite(n) ? n : null);

export interface FakeTraffic {
  readonly handlers: TrafficHandlers;
  /** Logs records of one endpoint and pushes them to its subscriptions; returns the entries. */
  push(endpointId: string, records: readonly TrafficRecord[]): TrafficEntry[];
  /** Subscription id → target ('all' or an endpoint id). */
  readonly subscriptions: ReadonlyMap<string, string>;
}

/** Like the core's `traffic:timeline`: the lanes of the whole log, the latency of what matches `query`. */
function timelineOf(endpointId: string, entries: readonly TrafficEntry[], query: string | undefined) {
  const parsed = query !== undefined && query.trim() !== '' ? parseTrafficQuery(query) : undefined;
  if (parsed && !parsed.ok) return err('invalid_request', parsed.error, { position: parsed.position });
  const pairing = new TrafficPairing();
  for (const e of entries) pairing.add(e.record);
  const exchanges: Exchange[] = [];
  for (const e of entries) {
    const ex = pairing.exchangeOf(e.record.seq);
    if (ex && (!parsed || parsed.match(e.record, { pairing }))) exchanges.push(ex);
  }
  return ok({
    timeline: buildLaneTimeline(entries.map((e) => ({ endpointId, record: e.record }))),
    latency: latencySummary(exchanges).map((r) => ({
      ...r,
      p50: orNull(r.p50),
      p95: orNull(r.p95),
      max: orNull(r.max),
    })),
    omittedRequests: 0,
  });
}

export function createFakeTraffic(emit: (event: TrafficRecordsEvent) => void): FakeTraffic {
  const logs = new Map<string, { entries: TrafficEntry[]; next: number }>();
  const subs = new Map<string, string>();
  let subCounter = 0;
  const logOf = (id: string) => {
    let log = logs.get(id);
    if (!log) logs.set(id, (log = { entries: [], next: 1 }));
    return log;
  };
  const total = (target: string) =>
    target === 'all'
      ? [...logs.values()].reduce((n, l) => n + l.entries.length, 0)
      : (logs.get(target)?.entries.length ?? 0);

  const handlers: TrafficHandlers = {
    'traffic:subscribe': ({ endpointId }) => {
      const subscriptionId = `fake-sub-${++subCounter}`;
      subs.set(subscriptionId, endpointId);
      return ok({ subscriptionId, total: total(endpointId) });
    },
    'traffic:unsubscribe': ({ subscriptionId }) => {
      subs.delete(subscriptionId);
      return ok(null);
    },
    'traffic:window': ({ endpointId, fromSeq, limit, query, from, to }) => {
      const entries = logs.get(endpointId)?.entries ?? [];
      let picked = entries.filter(
        (e) => (from === undefined || e.record.at >= from) && (to === undefined || e.record.at <= to),
      );
      if (query !== undefined && query.trim() !== '') {
        const parsed = parseTrafficQuery(query);
        if (!parsed.ok) return err('invalid_request', parsed.error, { position: parsed.position });
        const pairing = new TrafficPairing();
        for (const e of entries) pairing.add(e.record);
        picked = picked.filter((e) => parsed.match(e.record, { pairing }));
      }
      const start = fromSeq === undefined ? undefined : picked.findIndex((e) => e.logSeq >= fromSeq);
      const records =
        start === undefined
          ? picked.slice(Math.max(0, picked.length - limit))
          : start < 0
            ? []
            : picked.slice(start, start + limit);
      return ok({
        records,
        total: entries.length,
        firstSeq: entries[0]?.logSeq ?? 0,
        lastSeq: entries.at(-1)?.logSeq ?? 0,
      });
    },
    'traffic:export': ({ endpointId }) => {
      const entries = logs.get(endpointId)?.entries ?? [];
      return ok({
        content: serializeJsonl(entries.map((e) => e.record)),
        records: entries.length,
        truncated: false,
        complete: true,
      });
    },
    'traffic:timeline': ({ endpointId, query }) => timelineOf(endpointId, logs.get(endpointId)?.entries ?? [], query),
    'traffic:clear': ({ endpointId }) => {
      for (const [id, log] of logs) if (endpointId === undefined || id === endpointId) log.entries = [];
      return ok(null);
    },
    ...recordingHandlers((id, records) => fake.push(id, records)),
    // The fake runs no doctor of its own (its reports carry no traffic); a test scripts runs.
    'traffic:diagnoseRuns': () => ok([]),
  };

  const fake: FakeTraffic = {
    handlers,
    subscriptions: subs,
    push(endpointId, records) {
      const log = logOf(endpointId);
      const entries = records.map((record) => ({ logSeq: log.next++, endpointId, record }));
      log.entries.push(...entries);
      for (const [subscriptionId, target] of subs)
        if (target === 'all' || target === endpointId) emit({ subscriptionId, endpointId, records: entries });
      return entries;
    },
  };
  return fake;
}
