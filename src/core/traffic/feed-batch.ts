/**
 * How a transport's traffic crosses to the traffic log's worker: a `FeedWriter` on the
 * transport's thread collects records in a compact batch, and `readFeedBatch` turns the batch
 * back into redacted records on the worker. Both sides of the format live here.
 *
 * The format is built for the sending thread, which pays for the structured clone: per record
 * 7 numbers in one Float64Array (kind, seq, at, generation, size, lane and connection as
 * indexes into a table of the batch's distinct strings) and one entry in `items`, the
 * message's JSON text as it was on the wire (or, for any other record, the record object).
 * That clones several times faster than record objects, whose strings (lane, connection id)
 * would be copied once per record.
 */
import type { Lane, TrafficRecord } from '../../shared/domain/traffic';
import type { Redactor } from '../transport/redact';
import { redactRecord, type TrafficFeed, type UnredactedRecord } from '../transport/tap';

export interface FeedBatch {
  readonly nums: Float64Array;
  readonly strings: readonly string[];
  /** Per record: a message's wire text, or another record's object. */
  readonly items: readonly unknown[];
}

const FIELDS = 7;
const IN = 1;
const OUT = 2;
const OBJECT = 3;
const NONE = -1;

/** Collects one transport's records until `take`. */
export class FeedWriter implements TrafficFeed {
  #nums = new Float64Array(FIELDS * 256);
  #count = 0;
  #items: unknown[] = [];
  #strings: string[] = [];
  #index = new Map<string, number>();

  /**
   * `onFirst`: a record arrived in an empty writer (the owner then schedules a `take`).
   * `onFull`: the writer holds `fullAt` records; the owner should `take` them now, since every
   * message's text the writer holds through a garbage collection is copied, and then promoted.
   */
  constructor(
    private readonly onFirst: () => void,
    private readonly onFull?: () => void,
    private readonly fullAt = 512,
  ) {}

  get count(): number {
    return this.#count;
  }

  message(
    seq: number,
    at: number,
    generation: number,
    connectionId: string | undefined,
    direction: 'in' | 'out',
    lane: Lane,
    size: number,
    wire: string,
  ): void {
    const o = this.#slot();
    const n = this.#nums;
    n[o] = direction === 'in' ? IN : OUT;
    n[o + 1] = seq;
    n[o + 2] = at;
    n[o + 3] = generation;
    n[o + 4] = size;
    n[o + 5] = this.#intern(lane);
    n[o + 6] = connectionId ? this.#intern(connectionId) : NONE;
    this.#items.push(wire);
    if (this.#count >= this.fullAt) this.onFull?.();
  }

  record(record: UnredactedRecord): void {
    const o = this.#slot();
    this.#nums.fill(0, o, o + FIELDS);
    this.#nums[o] = OBJECT;
    this.#items.push(record);
    if (this.#count >= this.fullAt) this.onFull?.();
  }

  /** The batch so far (undefined when empty); the writer starts a new one. */
  take(): FeedBatch | undefined {
    if (this.#count === 0) return undefined;
    const batch = { nums: this.#nums.slice(0, this.#count * FIELDS), strings: this.#strings, items: this.#items };
    this.#count = 0;
    this.#items = [];
    this.#strings = [];
    this.#index.clear();
    return batch;
  }

  #slot(): number {
    if (this.#count === 0) this.onFirst();
    const o = this.#count * FIELDS;
    if (o + FIELDS > this.#nums.length) {
      const grown = new Float64Array(this.#nums.length * 2);
      grown.set(this.#nums);
      this.#nums = grown;
    }
    this.#count++;
    return o;
  }

  #intern(s: string): number {
    let i = this.#index.get(s);
    if (i === undefined) {
      i = this.#strings.length;
      this.#strings.push(s);
      this.#index.set(s, i);
    }
    return i;
  }
}

export function batchSize(batch: FeedBatch): number {
  return batch.nums.length / FIELDS;
}

/**
 * The batch's records as the tap would have built them, each redacted with `redactor`. A
 * message's JSON text is built around its wire text (`{"kind":"message",…,"message":<wire>,…}`,
 * the tap's key order), which parses to the record: the redaction's pre-check reads it in
 * place of JSON.stringify's when it may (see `isPlainJsonText`), and the spill keeps it.
 */
export function readFeedBatch(batch: FeedBatch, redactor: Redactor): TrafficRecord[] {
  const { nums, strings, items } = batch;
  const out = new Array<TrafficRecord>(items.length);
  for (let k = 0; k < items.length; k++) {
    const o = k * FIELDS;
    const kind = nums[o];
    if (kind === OBJECT) {
      out[k] = redactRecord(items[k] as TrafficRecord, redactor);
      continue;
    }
    const direction = kind === IN ? 'in' : 'out';
    const seq = nums[o + 1]!;
    const at = nums[o + 2]!;
    const generation = nums[o + 3]!;
    const size = nums[o + 4]!;
    const lane = strings[nums[o + 5]!]!;
    const c = nums[o + 6]!;
    const connectionId = c === NONE ? undefined : strings[c];
    const wire = items[k] as string;
    let message: unknown;
    try {
      message = JSON.parse(wire);
    } catch {
      // The transport parsed this text already, so this cannot fail; the record is kept anyway.
      out[k] = redactRecord(messageRecord(direction, lane, size, wire, seq, at, generation, connectionId), redactor);
      continue;
    }
    const record = messageRecord(direction, lane, size, message, seq, at, generation, connectionId);
    const text =
      `{"kind":"message","direction":"${direction}","lane":${JSON.stringify(lane)},"size":${size},` +
      `"message":${wire},"seq":${seq},"at":${at},"generation":${generation}` +
      (connectionId === undefined ? '}' : `,"connectionId":${JSON.stringify(connectionId)}}`);
    out[k] = redactRecord(record, redactor, text);
  }
  return out;
}

function messageRecord(
  direction: 'in' | 'out',
  lane: string,
  size: number,
  message: unknown,
  seq: number,
  at: number,
  generation: number,
  connectionId: string | undefined,
): TrafficRecord {
  const record: Record<string, unknown> = { kind: 'message', direction, lane, size, message, seq, at, generation };
  if (connectionId !== undefined) record.connectionId = connectionId;
  return record as unknown as TrafficRecord;
}
