/**
 * Incremental request/response pairing over a traffic stream, both ways: client→agent
 * (`session/prompt` out, its response in) and agent→client (`session/request_permission` in,
 * the client's answer out). An exchange is keyed by (connection generation, direction of the
 * request, JSON-RPC id), so the same id reused after a rebuild or by the other side is a
 * different exchange.
 *
 * Feed records in order with `add`; each call is O(1) and returns what changed, so 100k
 * records pair in linear time and a view can update only the rows concerned.
 *
 * Flags:
 * - a response with no pending request (unknown id, or answered twice) is an *unmatched response*;
 * - a request whose connection generation ended (a record of a later generation arrived), or
 *   that was still pending at `finish()`, or whose id was reused while pending, is *unanswered*.
 */
import type { MessageRecord, TrafficRecord } from '../domain/traffic';
import { messageInfo } from './message-info';

export type ExchangeState = 'pending' | 'answered' | 'unanswered';

export interface Exchange {
  /** `${generation}|${requestDirection}|${id}` (ids keep their JSON type: 1 and "1" differ). */
  readonly key: string;
  readonly generation: number;
  /** `out`: the client asked the agent; `in`: the agent asked the client. */
  readonly requestDirection: 'in' | 'out';
  readonly id: string | number;
  readonly method: string;
  readonly requestSeq: number;
  readonly requestAt: number;
  readonly sessionId?: string;
  /** The tool call the request is about (`session/request_permission`), so its response is found by it. */
  readonly toolCallId?: string;
  state: ExchangeState;
  responseSeq?: number;
  responseAt?: number;
  /** responseAt − requestAt. */
  latencyMs?: number;
  /** True when the answer is a JSON-RPC error. */
  failed?: boolean;
}

export type PairingUpdate =
  | { readonly type: 'request'; readonly exchange: Exchange }
  | { readonly type: 'response'; readonly exchange: Exchange }
  | { readonly type: 'unanswered'; readonly exchange: Exchange }
  | {
      readonly type: 'unmatched-response';
      readonly seq: number;
      readonly generation: number;
      readonly id: string | number;
    };

export interface PendingRequest {
  readonly exchange: Exchange;
  readonly ageMs: number;
}

/** What the query language needs from a pairing (see `QueryContext`). */
export interface PairingLookup {
  exchangeOf(seq: number): Exchange | undefined;
  isUnmatchedResponse(seq: number): boolean;
}

function keyOf(generation: number, direction: 'in' | 'out', id: string | number): string {
  return `${generation}|${direction}|${typeof id === 'number' ? `n${id}` : `s${id}`}`;
}

export class TrafficPairing implements PairingLookup {
  readonly #pending = new Map<string, Exchange>();
  /** Request and response seq → exchange. */
  readonly #bySeq = new Map<number, Exchange>();
  readonly #unmatched = new Set<number>();
  readonly #unanswered: Exchange[] = [];
  #generation = 0;

  /** Adds one record (in seq order); returns the changes it caused (usually none or one). */
  add(record: TrafficRecord): PairingUpdate[] {
    const updates: PairingUpdate[] = [];
    if (record.generation > this.#generation) {
      if (this.#generation !== 0) this.#expireBefore(record.generation, updates);
      this.#generation = record.generation;
    }
    if (record.kind !== 'message') return updates;
    this.#addMessage(record, updates);
    return updates;
  }

  #addMessage(record: MessageRecord, updates: PairingUpdate[]): void {
    const info = messageInfo(record);
    if (info.id === undefined) return;
    if (info.shape === 'request') {
      const key = keyOf(record.generation, record.direction, info.id);
      const previous = this.#pending.get(key);
      if (previous) this.#markUnanswered(previous, updates);
      const exchange: Exchange = {
        key,
        generation: record.generation,
        requestDirection: record.direction,
        id: info.id,
        method: info.method ?? '',
        requestSeq: record.seq,
        requestAt: record.at,
        ...(info.sessionId !== undefined ? { sessionId: info.sessionId } : {}),
        ...(info.toolCallId !== undefined ? { toolCallId: info.toolCallId } : {}),
        state: 'pending',
      };
      this.#pending.set(key, exchange);
      this.#bySeq.set(record.seq, exchange);
      updates.push({ type: 'request', exchange });
      return;
    }
    if (info.shape !== 'response' && info.shape !== 'error') return;
    const requestDirection = record.direction === 'in' ? 'out' : 'in';
    const key = keyOf(record.generation, requestDirection, info.id);
    const exchange = this.#pending.get(key);
    if (!exchange) {
      this.#unmatched.add(record.seq);
      updates.push({ type: 'unmatched-response', seq: record.seq, generation: record.generation, id: info.id });
      return;
    }
    this.#pending.delete(key);
    exchange.state = 'answered';
    exchange.responseSeq = record.seq;
    exchange.responseAt = record.at;
    exchange.latencyMs = record.at - exchange.requestAt;
    if (info.shape === 'error') exchange.failed = true;
    this.#bySeq.set(record.seq, exchange);
    updates.push({ type: 'response', exchange });
  }

  #markUnanswered(exchange: Exchange, updates: PairingUpdate[]): void {
    this.#pending.delete(exchange.key);
    exchange.state = 'unanswered';
    this.#unanswered.push(exchange);
    updates.push({ type: 'unanswered', exchange });
  }

  #expireBefore(generation: number, updates: PairingUpdate[]): void {
    for (const exchange of [...this.#pending.values()])
      if (exchange.generation < generation) this.#markUnanswered(exchange, updates);
  }

  /** The end of a recording (or of the connection): every pending request becomes unanswered. */
  finish(): PairingUpdate[] {
    const updates: PairingUpdate[] = [];
    for (const exchange of [...this.#pending.values()]) this.#markUnanswered(exchange, updates);
    return updates;
  }

  /** The exchange a request or response record belongs to. */
  exchangeOf(seq: number): Exchange | undefined {
    return this.#bySeq.get(seq);
  }

  /** Latency on a response record (undefined for anything else). */
  latencyOf(seq: number): number | undefined {
    const e = this.#bySeq.get(seq);
    return e?.responseSeq === seq ? e.latencyMs : undefined;
  }

  isUnmatchedResponse(seq: number): boolean {
    return this.#unmatched.has(seq);
  }

  /** Requests still waiting, oldest first, with their age at `now` (epoch ms). */
  pending(now: number): PendingRequest[] {
    return [...this.#pending.values()]
      .sort((a, b) => a.requestSeq - b.requestSeq)
      .map((exchange) => ({ exchange, ageMs: Math.max(0, now - exchange.requestAt) }));
  }

  /** Requests flagged as never answered, in the order they were flagged. */
  unanswered(): readonly Exchange[] {
    return this.#unanswered;
  }

  /** Seqs of responses that matched no pending request, ascending. */
  unmatchedResponses(): number[] {
    return [...this.#unmatched];
  }

  clear(): void {
    this.#pending.clear();
    this.#bySeq.clear();
    this.#unmatched.clear();
    this.#unanswered.length = 0;
    this.#generation = 0;
  }
}

/** Pairs a whole recording at once (then `finish()`es it). */
export function pairAll(records: Iterable<TrafficRecord>, finish = true): TrafficPairing {
  const p = new TrafficPairing();
  for (const r of records) p.add(r);
  if (finish) p.finish();
  return p;
}

/**
 * Pairs a recording that may span several transports: `seq` is per transport, so a record
 * whose seq does not increase starts a new segment with its own pairing (ids and generations
 * restart there too). Returns the pairing for each record, by index; every segment is finished.
 */
export function pairSegments(records: readonly TrafficRecord[]): TrafficPairing[] {
  const out: TrafficPairing[] = new Array<TrafficPairing>(records.length);
  let current = new TrafficPairing();
  let last = -Infinity;
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    if (r.seq <= last) {
      current.finish();
      current = new TrafficPairing();
    }
    last = r.seq;
    current.add(r);
    out[i] = current;
  }
  current.finish();
  return out;
}
