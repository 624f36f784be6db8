/**
 * The traffic inspector's own store (one per open panel): a bounded window of an endpoint's
 * (or every endpoint's) traffic log. It subscribes while the panel is open, keeps at most
 * `cap` entries of the live tail, fetches older windows on request, and asks the core to
 * run queries (`traffic:window` with `query`): the renderer never filters the log itself.
 * Paused, live records are held (and counted) until resume.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Bridge, TrafficEntry, TrafficRecordsEvent } from '../../shared/ipc/contract';
import { parseJsonl } from '../../shared/traffic/jsonl';
import { toHar } from '../../shared/traffic/har';
import { settle } from './settle';

/** Entries kept while following the live tail. */
export const LIVE_CAP = 5000;
/** Entries fetched per "older" step, and the most ever held. */
export const OLDER_STEP = 1000;
export const MAX_HELD = 20_000;
export const ALL = 'all';

export interface TrafficState {
  /** 'all' or an endpoint id. */
  readonly target: string;
  readonly subscriptionId: string | null;
  /** What the table shows: the live tail, or the core's answer to `query`. Ordered. */
  readonly entries: readonly TrafficEntry[];
  /** Live entries that arrived while paused. */
  readonly held: readonly TrafficEntry[];
  /** Records that arrived since pausing (or since the query's last answer while paused). */
  readonly newCount: number;
  readonly paused: boolean;
  /** The query the core last ran ('' = none). */
  readonly query: string;
  /** The timeline's brush: only records whose time is within (epoch ms, inclusive). */
  readonly range: TimeRange | null;
  readonly queryError: string | null;
  readonly loading: boolean;
  readonly error: string | null;
  /** Per endpoint: the oldest logSeq its ring still holds. */
  readonly firstSeq: Readonly<Record<string, number>>;
  readonly cap: number;
}

export const initialTraffic: TrafficState = {
  target: ALL,
  subscriptionId: null,
  entries: [],
  held: [],
  newCount: 0,
  paused: false,
  query: '',
  range: null,
  queryError: null,
  loading: false,
  error: null,
  firstSeq: {},
  cap: LIVE_CAP,
};

export interface TimeRange {
  readonly from: number;
  readonly to: number;
}

export const entryKey = (e: TrafficEntry): string => `${e.endpointId}#${e.logSeq}`;

/** Merges entry lists without duplicates, in log order (by time across endpoints). */
export function mergeEntries(a: readonly TrafficEntry[], b: readonly TrafficEntry[]): TrafficEntry[] {
  const byKey = new Map<string, TrafficEntry>();
  for (const e of a) byKey.set(entryKey(e), e);
  for (const e of b) byKey.set(entryKey(e), e);
  return [...byKey.values()].sort(
    (x, y) =>
      (x.endpointId === y.endpointId ? 0 : x.record.at - y.record.at) ||
      (x.endpointId === y.endpointId ? x.logSeq - y.logSeq : x.endpointId < y.endpointId ? -1 : 1),
  );
}

export interface TrafficCommands {
  /** Subscribes to `target` and loads its newest window. `endpointIds` resolves 'all'. */
  open(target: string): Promise<void>;
  close(): Promise<void>;
  setTarget(target: string): Promise<void>;
  setPaused(paused: boolean): void;
  /** Runs `query` in the core ('' goes back to the live tail). */
  runQuery(query: string): Promise<void>;
  /** Narrows the table to records within `range` (run in the core, with the query); null clears it. */
  setRange(range: TimeRange | null): Promise<void>;
  loadOlder(): Promise<void>;
  /** Shows `target` with `view` (a cross-link from the chat): one reload, whatever was shown. */
  show(target: string, view: { readonly query: string; readonly range: TimeRange | null }): Promise<void>;
  /** True when the rings hold entries older than the oldest shown. */
  hasOlder(): boolean;
  clear(): Promise<void>;
  /** The endpoint's whole kept log (from the core's spill) as a file to download. */
  exportLog(format: 'jsonl' | 'har'): Promise<ExportedTraffic | { error: string }>;
}

export interface ExportedTraffic {
  readonly fileName: string;
  readonly mimeType: string;
  readonly content: string;
  readonly records: number;
  /** The core's size cap dropped the oldest records, or writing the log failed. */
  readonly incomplete: boolean;
}

function stamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, '-').slice(0, 19);
}

export type TrafficStore = StoreApi<TrafficState> & { readonly commands: TrafficCommands };

export interface TrafficStoreOptions {
  /** The endpoint ids 'all' stands for (windows and queries run per endpoint). */
  readonly endpointIds: () => readonly string[];
}

function oldestPerEndpoint(entries: readonly TrafficEntry[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of entries)
    if (!out.has(e.endpointId) || e.logSeq < out.get(e.endpointId)!) out.set(e.endpointId, e.logSeq);
  return out;
}

type WindowsResult =
  { entries: TrafficEntry[]; firstSeq: Record<string, number> } | { error: string; invalid: boolean };

/**
 * Windows of each endpoint of `ids`, merged: the newest `LIVE_CAP`, or (with `from`, the
 * oldest logSeq held per endpoint) the `OLDER_STEP` entries before those.
 */
async function fetchWindows(
  bridge: Bridge,
  ids: readonly string[],
  view: { readonly query: string; readonly range: TimeRange | null },
  known: Readonly<Record<string, number>>,
  from?: ReadonlyMap<string, number>,
): Promise<WindowsResult> {
  const { query, range } = view;
  const timed = range ? { from: range.from, to: range.to } : {};
  const results = await Promise.all(
    ids.map((endpointId) => {
      const oldest = from?.get(endpointId);
      const fromSeq = oldest === undefined ? undefined : Math.max(1, oldest - OLDER_STEP);
      const limit = oldest === undefined ? LIVE_CAP : Math.max(0, oldest - (fromSeq ?? 0));
      if (from && (oldest === undefined || limit === 0)) return Promise.resolve(null);
      return settle(() =>
        bridge.traffic.window({
          endpointId,
          limit,
          ...(fromSeq ? { fromSeq } : {}),
          ...(query ? { query } : {}),
          ...timed,
        }),
      ).then((r) => ({ endpointId, r }));
    }),
  );
  let entries: TrafficEntry[] = [];
  const firstSeq: Record<string, number> = { ...known };
  for (const res of results) {
    if (!res) continue;
    if (!res.r.ok) return { error: res.r.error.message, invalid: res.r.error.code === 'invalid_request' };
    firstSeq[res.endpointId] = res.r.value.firstSeq;
    entries = mergeEntries(entries, res.r.value.records);
  }
  return { entries, firstSeq };
}

/** Live records of the subscription: shown, held while paused, or a reason to re-run the query. */
function applyRecords(s: TrafficState, event: TrafficRecordsEvent): Partial<TrafficState> | 'refresh' | null {
  if (event.subscriptionId !== s.subscriptionId) return null;
  const range = s.range;
  const fresh = range
    ? event.records.filter((e) => e.record.at >= range.from && e.record.at <= range.to)
    : event.records;
  if (s.paused)
    return {
      newCount: s.newCount + fresh.length,
      held: s.query ? s.held : [...s.held, ...fresh].slice(-s.cap),
    };
  if (s.query) return fresh.length ? 'refresh' : null;
  return fresh.length ? { entries: [...s.entries, ...fresh].slice(-s.cap) } : null;
}

/** The endpoint's whole kept log as a JSONL or HAR file. */
async function exportTraffic(
  bridge: Bridge,
  endpointId: string,
  format: 'jsonl' | 'har',
): Promise<ExportedTraffic | { error: string }> {
  if (endpointId === ALL) return { error: 'Pick one connection to export its traffic.' };
  const r = await settle(() => bridge.traffic.export({ endpointId, format: 'jsonl' }));
  if (!r.ok) return { error: r.error.message };
  const base = `traffic-${endpointId.replace(/[^\w-]/g, '_')}-${stamp(new Date())}`;
  const incomplete = r.value.truncated || !r.value.complete;
  if (format === 'jsonl')
    return {
      fileName: `${base}.jsonl`,
      mimeType: 'application/x-ndjson',
      content: r.value.content,
      records: r.value.records,
      incomplete,
    };
  const records = parseJsonl(r.value.content).records;
  return {
    fileName: `${base}.har`,
    mimeType: 'application/json',
    content: JSON.stringify(toHar(records), null, 2),
    records: records.length,
    incomplete,
  };
}

/** What a new view (query or range) starts from. */
const FRESH_VIEW = { entries: [], held: [], newCount: 0, cap: LIVE_CAP } as const;

/** Runs `fn` once per microtask however often it is asked for. */
function coalesce(fn: () => void): () => void {
  let queued = false;
  return () => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      fn();
    });
  };
}

/** Pausing starts counting; resuming shows what was held (a query is re-run instead). */
function pausedState(s: TrafficState, paused: boolean): Partial<TrafficState> {
  if (paused) return { paused: true, newCount: 0, held: [] };
  return {
    paused: false,
    newCount: 0,
    held: [],
    entries: s.query ? s.entries : [...s.entries, ...s.held].slice(-s.cap),
  };
}

/** True when an endpoint's ring still holds entries older than the oldest shown. */
export function hasOlder(s: TrafficState): boolean {
  if (s.entries.length >= MAX_HELD) return false;
  return [...oldestPerEndpoint(s.entries)].some(([id, seq]) => (s.firstSeq[id] ?? seq) < seq);
}

/** One reload for a new target and view: a subscribed target re-runs; another one is opened with it. */
function showView(
  store: StoreApi<TrafficState>,
  commands: TrafficCommands,
  target: string,
  view: { readonly query: string; readonly range: TimeRange | null },
): Promise<void> {
  const s = store.getState();
  store.setState({ query: view.query, queryError: null });
  // setRange reloads with the query just set (and starts the table over).
  return target === s.target && s.subscriptionId
    ? commands.setRange(view.range)
    : (store.setState({ range: view.range }), commands.open(target));
}

export function createTrafficStore(bridge: Bridge, options: TrafficStoreOptions): TrafficStore {
  const store = createStore<TrafficState>()(() => initialTraffic);
  const set = (patch: Partial<TrafficState>) => store.setState(patch);
  const get = store.getState;
  let unlisten: (() => void) | null = null;
  /** Ignores answers to a request that a newer one replaced. */
  let generation = 0;
  /** Bumped by close(): a subscription answered after it is released at once. */
  let session = 0;

  const targets = () => (get().target === ALL ? options.endpointIds() : [get().target]);

  /** Asks the core for the view again; a `view` patch (query or range) starts the table over. */
  async function reload(view?: Partial<TrafficState>): Promise<void> {
    if (view) set({ ...view, ...FRESH_VIEW });
    const mine = ++generation;
    const { query, range, firstSeq } = get();
    set({ loading: true });
    const r = await fetchWindows(bridge, targets(), { query, range }, firstSeq);
    if (mine !== generation) return;
    if ('error' in r) {
      set({ loading: false, ...(r.invalid ? { queryError: r.error } : { error: r.error }) });
      return;
    }
    const entries = mergeEntries(r.entries, query === '' && !range ? get().entries : []).slice(-get().cap);
    set({ loading: false, error: null, queryError: null, entries, firstSeq: r.firstSeq });
  }

  const queueRefresh = coalesce(() => void reload());

  async function release(): Promise<void> {
    generation++;
    unlisten?.();
    unlisten = null;
    const id = get().subscriptionId;
    set({ subscriptionId: null });
    if (id) await settle(() => bridge.traffic.unsubscribe({ subscriptionId: id }));
  }

  const commands: TrafficCommands = {
    async open(target) {
      const mine = ++session;
      await release();
      if (mine !== session) return;
      // Loading from here on: until the first window answers, the panel does not know of no rows.
      set({ ...initialTraffic, target, paused: get().paused, query: get().query, range: get().range, loading: true });
      unlisten = bridge.onTrafficRecords((event) => {
        const next = applyRecords(get(), event);
        return next === 'refresh' ? queueRefresh() : next && set(next);
      });
      const r = await settle(() => bridge.traffic.subscribe({ endpointId: target }));
      if (mine !== session) {
        if (r.ok) void settle(() => bridge.traffic.unsubscribe({ subscriptionId: r.value.subscriptionId }));
        return;
      }
      set(r.ok ? { subscriptionId: r.value.subscriptionId } : { error: r.error.message, loading: false });
      if (r.ok) await reload();
    },
    close: () => (session++, release()),
    setTarget: (target) => commands.open(target),
    setPaused(paused) {
      const s = get();
      if (paused === s.paused) return;
      set(pausedState(s, paused));
      if (!paused && s.query && s.newCount > 0) void reload();
    },
    runQuery: (query) => reload({ query: query.trim(), queryError: null }),
    setRange: (range) => reload({ range }),
    async loadOlder() {
      const s = get();
      const mine = ++generation;
      const r = await fetchWindows(bridge, targets(), s, s.firstSeq, oldestPerEndpoint(s.entries));
      if (mine !== generation || 'error' in r) return;
      const cap = Math.min(MAX_HELD, get().cap + r.entries.length);
      set({ entries: mergeEntries(r.entries, get().entries).slice(-cap), cap, firstSeq: r.firstSeq });
    },
    show: (target, view) => showView(store, commands, target, view),
    hasOlder: () => hasOlder(get()),
    async clear() {
      const target = get().target;
      generation++;
      const r = await settle(() => bridge.traffic.clear(target === ALL ? {} : { endpointId: target }));
      set(r.ok ? { entries: [], held: [], newCount: 0, firstSeq: {}, cap: LIVE_CAP } : { error: r.error.message });
    },
    exportLog: (format) => exportTraffic(bridge, get().target, format),
  };
  return Object.assign(store, { commands });
}
