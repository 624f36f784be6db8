/**
 * The traffic tap of a transport, and the redaction every record passes before it is kept.
 */
import type { Lane, TrafficRecord, TrafficRecordInput } from '../../shared/domain/traffic';
import { rememberJson } from '../../shared/traffic/record-meta';
import { isPlainJsonText, Redactor } from './redact';

export type TrafficListener = (record: TrafficRecord) => void;

declare const unredacted: unique symbol;
/**
 * A record as the transport made it, before the redactor ran: it may hold secrets. Only a
 * consumer that redacts it before keeping anything may take one (the traffic log's worker,
 * which runs `redactRecord` with the transport's redactor on its own thread).
 */
export type UnredactedRecord = TrafficRecord & { readonly [unredacted]: true };

/**
 * Takes a transport's records before redaction; it must redact them (with the transport's
 * redactor, which it was made with) before it keeps anything. The hot path is `message`: a
 * JSON-RPC message with the exact text it was sent or received as, handed over as fields, so
 * no record object is built for it here.
 */
export interface TrafficFeed {
  message(
    seq: number,
    at: number,
    generation: number,
    connectionId: string | undefined,
    direction: 'in' | 'out',
    lane: Lane,
    size: number,
    wire: string,
  ): void;
  /** Any other record (and a message without its text). */
  record(record: UnredactedRecord): void;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * `{ ...input, seq, at, generation, connectionId? }`, same keys in the same order. Built with
 * Object.assign and plain stores: V8 makes a spread with extra properties (or a spread object
 * that then grows) about 30× slower, some 4 µs a record, a third of what the tap once cost.
 */
function envelope(
  input: TrafficRecordInput,
  seq: number,
  at: number,
  generation: number,
  connectionId: string | undefined,
): TrafficRecord {
  const record = Object.assign({}, input) as Mutable<TrafficRecord>;
  record.seq = seq;
  record.at = at;
  record.generation = generation;
  if (connectionId) record.connectionId = connectionId;
  return record;
}

/**
 * The record with every secret masked: header maps by name, and every string (URLs, excerpts,
 * errors, message content) by value and shape. `record` itself is never changed.
 *
 * A message record (nearly all of the traffic) is first written as JSON, the line the spill
 * keeps, and that text is pre-checked (`Redactor.mayMaskJson`): when it holds nothing the
 * redactor could mask, the walk would return the record unchanged, so it is skipped and the
 * text is kept with the record for the spill and free-text search. Otherwise, and for every
 * other kind, the full walk runs.
 *
 * `text`, when given, is a JSON text of `record` (it parses to it: the traffic worker builds
 * it around a message's wire text). When `isPlainJsonText` accepts it, it stands in for
 * JSON.stringify's, for the pre-check and as the spill line.
 */
export function redactRecord(record: TrafficRecord, redactor: Redactor, text?: string): TrafficRecord {
  if (record.kind === 'message') {
    let json = text !== undefined && isPlainJsonText(text) ? text : undefined;
    if (json === undefined)
      try {
        json = JSON.stringify(record);
      } catch {
        // not JSON data (a cycle, a BigInt): the walk decides
      }
    if (json !== undefined && !redactor.mayMaskJson(json)) {
      rememberJson(record, json);
      return record;
    }
  }
  const out = Object.assign({}, redactor.json(record)) as Mutable<TrafficRecord>;
  if (out.kind === 'http') {
    const headers = out as { requestHeaders?: Record<string, string>; responseHeaders?: Record<string, string> };
    if (headers.requestHeaders) headers.requestHeaders = redactor.headers(headers.requestHeaders);
    if (headers.responseHeaders) headers.responseHeaders = redactor.headers(headers.responseHeaders);
  }
  return out;
}

/**
 * The traffic tap: one ordered, sequence-numbered stream of records per transport. Listeners
 * are called synchronously in order; a throwing listener is isolated.
 *
 * Two kinds of listener: `subscribe` gets each record redacted here, on the transport's
 * thread; a feed (`addFeed`) gets it as made and must redact it with this tap's redactor
 * before keeping it. The app's traffic log is a feed, so that the redaction, like the rest of
 * its work, runs on its worker thread and not on the transport's.
 */
export class TrafficTap {
  #seq = 0;
  readonly #listeners = new Set<TrafficListener>();
  readonly #feeds = new Set<TrafficFeed>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly redactor: Redactor = new Redactor(),
  ) {}

  get enabled(): boolean {
    return this.#listeners.size > 0 || this.#feeds.size > 0;
  }

  subscribe(listener: TrafficListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Adds the feed `make` builds with this tap's redactor (which masks what the transport knows). */
  addFeed(make: (redactor: Redactor) => TrafficFeed): () => void {
    const feed = make(this.redactor);
    this.#feeds.add(feed);
    return () => this.#feeds.delete(feed);
  }

  /** `wire`: for a message, its exact JSON text, when the transport has it. */
  record(input: TrafficRecordInput, generation: number, connectionId: string | undefined, wire?: string): void {
    const seq = ++this.#seq;
    const at = this.now();
    let record: TrafficRecord | undefined;
    for (const f of this.#feeds) {
      try {
        if (wire !== undefined && input.kind === 'message')
          f.message(seq, at, generation, connectionId, input.direction, input.lane, input.size, wire);
        else f.record((record ??= envelope(input, seq, at, generation, connectionId)) as UnredactedRecord);
      } catch {
        // The tap must never break the transport.
      }
    }
    if (this.#listeners.size === 0) return;
    const redacted = redactRecord(record ?? envelope(input, seq, at, generation, connectionId), this.redactor);
    for (const l of this.#listeners) {
      try {
        l(redacted);
      } catch {
        // The tap must never break the transport.
      }
    }
  }
}
