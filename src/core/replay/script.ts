/**
 * Turns a traffic recording into a replay script: for each client→agent request method, the
 * recorded requests in order, each with its recorded answer and the agent→client messages
 * (notifications such as `session/update`, requests such as `session/request_permission`)
 * that the agent sent while that request was the latest one on the lane they belong to.
 *
 * Attribution: an agent→client message that names a session goes to the latest client request
 * of that session (any request before it when the session has none yet, e.g. the command list
 * sent right after `session/new`); one without a session goes to the latest client request.
 * Messages sent before the owner's response replay before it; later ones (`after`) replay
 * once the response is out. Each step keeps its delay from the previous event of its
 * exchange, so a replay can keep the original pacing.
 *
 * Pure and synchronous: the server (server.ts) plays the script, this file only indexes it.
 */
import type { MessageRecord, TrafficRecord } from '../../shared/domain/traffic';

export type JsonRpcId = string | number;

/** One agent→client message to send while replaying an exchange. */
export interface ReplayStep {
  readonly kind: 'notification' | 'request';
  readonly method: string;
  readonly params: unknown;
  /** Milliseconds after the previous event of the exchange (request, earlier step or response). */
  readonly delayMs: number;
  /** True when it was sent after the exchange's response. */
  readonly after: boolean;
}

export type RecordedAnswer =
  | { readonly type: 'result'; readonly result: unknown }
  | { readonly type: 'error'; readonly code: number; readonly message: string; readonly data?: unknown }
  /** The recording ended (or the connection dropped) before the agent answered. */
  | { readonly type: 'none' };

export interface RecordedExchange {
  readonly method: string;
  /** 1-based position among the recorded requests of `method`. */
  readonly n: number;
  readonly params: unknown;
  readonly answer: RecordedAnswer;
  /** Milliseconds from the last step before the response (or the request) to the response. */
  readonly answerDelayMs: number;
  readonly steps: ReplayStep[];
}

export interface ReplayScript {
  /** Recorded client→agent requests by method, in recording order. */
  readonly byMethod: ReadonlyMap<string, readonly RecordedExchange[]>;
  /** Number of recorded client→agent requests. */
  readonly requests: number;
}

interface Building {
  readonly method: string;
  readonly n: number;
  readonly params: unknown;
  readonly requestAt: number;
  readonly sessionId?: string;
  answer: RecordedAnswer;
  answerAt?: number;
  readonly steps: Array<ReplayStep & { at: number }>;
}

function asObject(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function isId(v: unknown): v is JsonRpcId {
  return typeof v === 'string' || typeof v === 'number';
}

function sessionOf(params: unknown): string | undefined {
  const id = asObject(params)?.sessionId;
  return typeof id === 'string' ? id : undefined;
}

function answerOf(msg: Record<string, unknown>): RecordedAnswer {
  if ('error' in msg) {
    const e = asObject(msg.error);
    const code = typeof e?.code === 'number' ? e.code : -32603;
    const message = typeof e?.message === 'string' ? e.message : 'error';
    return e && 'data' in e ? { type: 'error', code, message, data: e.data } : { type: 'error', code, message };
  }
  return { type: 'result', result: msg.result ?? null };
}

/** Builds the replay script of a recording (records in any order; sorted by seq). */
export function buildReplayScript(records: readonly TrafficRecord[]): ReplayScript {
  const messages = records
    .filter((r): r is MessageRecord => r.kind === 'message' && r.internal !== true)
    .sort((a, b) => a.seq - b.seq);
  const exchanges: Building[] = [];
  const counts = new Map<string, number>();
  /** `${generation}|${id}` → the client request waiting for its answer. */
  const pending = new Map<string, Building>();
  const latestBySession = new Map<string, Building>();
  let latest: Building | undefined;

  for (const r of messages) {
    const msg = asObject(r.message);
    if (!msg) continue;
    const method = typeof msg.method === 'string' ? msg.method : undefined;
    if (r.direction === 'out') {
      if (method === undefined || !isId(msg.id)) continue; // a client answer or notification
      const n = (counts.get(method) ?? 0) + 1;
      counts.set(method, n);
      const sessionId = sessionOf(msg.params);
      const b: Building = {
        method,
        n,
        params: msg.params,
        requestAt: r.at,
        answer: { type: 'none' },
        steps: [],
        ...(sessionId !== undefined ? { sessionId } : {}),
      };
      exchanges.push(b);
      pending.set(`${r.generation}|${String(msg.id)}|${typeof msg.id}`, b);
      latest = b;
      if (sessionId !== undefined) latestBySession.set(sessionId, b);
      continue;
    }
    if (method === undefined) {
      if (!isId(msg.id)) continue;
      const key = `${r.generation}|${String(msg.id)}|${typeof msg.id}`;
      const b = pending.get(key);
      if (!b) continue; // a response without a request: nothing to replay
      pending.delete(key);
      b.answer = answerOf(msg);
      b.answerAt = r.at;
      const created = sessionOf(asObject(b.answer.type === 'result' ? b.answer.result : undefined));
      // A session `session/new` created: its first messages belong to that request.
      if (created !== undefined && !latestBySession.has(created)) latestBySession.set(created, b);
      continue;
    }
    const sessionId = sessionOf(msg.params);
    const owner = (sessionId !== undefined ? latestBySession.get(sessionId) : undefined) ?? latest;
    if (!owner) continue; // before any client request: nothing can trigger it
    owner.steps.push({
      kind: isId(msg.id) ? 'request' : 'notification',
      method,
      params: msg.params,
      delayMs: 0,
      after: owner.answerAt !== undefined,
      at: r.at,
    });
  }

  const byMethod = new Map<string, RecordedExchange[]>();
  for (const b of exchanges) {
    let previous = b.requestAt;
    const steps: ReplayStep[] = [];
    const before = b.steps.filter((s) => !s.after);
    const after = b.steps.filter((s) => s.after);
    for (const s of before) {
      steps.push({ kind: s.kind, method: s.method, params: s.params, after: false, delayMs: gap(previous, s.at) });
      previous = s.at;
    }
    const answerDelayMs = b.answerAt !== undefined ? gap(previous, b.answerAt) : 0;
    if (b.answerAt !== undefined) previous = b.answerAt;
    for (const s of after) {
      steps.push({ kind: s.kind, method: s.method, params: s.params, after: true, delayMs: gap(previous, s.at) });
      previous = s.at;
    }
    const list = byMethod.get(b.method) ?? [];
    list.push({ method: b.method, n: b.n, params: b.params, answer: b.answer, answerDelayMs, steps });
    byMethod.set(b.method, list);
  }
  return { byMethod, requests: exchanges.length };
}

function gap(from: number, to: number): number {
  return Math.max(0, to - from);
}

/** Per-connection cursor: the Nth live request of a method gets the Nth recorded one. */
export class ReplayCursor {
  readonly #next = new Map<string, number>();

  constructor(private readonly script: ReplayScript) {}

  /** The recorded exchange for the next live `method` request, or why there is none. */
  take(method: string): { ok: true; exchange: RecordedExchange } | { ok: false; n: number; message: string } {
    const n = (this.#next.get(method) ?? 0) + 1;
    this.#next.set(method, n);
    const recorded = this.script.byMethod.get(method) ?? [];
    const exchange = recorded[n - 1];
    if (exchange) return { ok: true, exchange };
    const held =
      recorded.length === 0
        ? 'it has none'
        : `it has ${recorded.length} ${recorded.length === 1 ? 'request' : 'requests'}`;
    return { ok: false, n, message: `replay: the recording has no ${method} request #${n} to answer with (${held})` };
  }
}

/**
 * Session id mapping for one connection: recorded ids the client learnt under another name
 * (a fresh id from a replayed `session/new`, the id it passes to `session/load`) are
 * rewritten in everything sent to it.
 */
export class SessionIdMap {
  readonly #toLive = new Map<string, string>();

  set(recorded: string, live: string): void {
    if (recorded !== live) this.#toLive.set(recorded, live);
    else this.#toLive.delete(recorded);
  }

  live(recorded: string): string {
    return this.#toLive.get(recorded) ?? recorded;
  }

  /** A deep copy of `value` with every string equal to a mapped recorded id replaced. */
  apply<T>(value: T): T {
    if (this.#toLive.size === 0) return value;
    return this.#walk(value) as T;
  }

  #walk(value: unknown): unknown {
    if (typeof value === 'string') return this.#toLive.get(value) ?? value;
    if (Array.isArray(value)) return value.map((v) => this.#walk(v));
    if (typeof value === 'object' && value !== null) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.#walk(v);
      return out;
    }
    return value;
  }
}

/** The session id a recorded request or answer carries, if any. */
export function sessionIdIn(value: unknown): string | undefined {
  return sessionOf(value);
}
