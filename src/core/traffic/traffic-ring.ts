/**
 * A bounded in-memory ring of one connection's traffic: the newest `capacity` entries, each
 * numbered by a log sequence (`logSeq`) that starts at 1, only grows, and survives clearing,
 * so a window asked for after a clear never confuses old and new records.
 */
import type { TrafficRecord } from '../../shared/domain/traffic';
import type { TrafficEntry } from '../../shared/ipc/contract';

export class TrafficRing {
  readonly #slots: (TrafficEntry | undefined)[];
  /** Index of the oldest entry in #slots. */
  #head = 0;
  #size = 0;
  #nextSeq = 1;

  constructor(
    readonly endpointId: string,
    readonly capacity: number,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('ring capacity must be a positive integer');
    this.#slots = new Array<TrafficEntry | undefined>(capacity);
  }

  get size(): number {
    return this.#size;
  }

  /** logSeq of the oldest held entry, 0 when empty. */
  get firstSeq(): number {
    return this.#size === 0 ? 0 : this.#nextSeq - this.#size;
  }

  /** logSeq of the newest held entry, 0 when empty. */
  get lastSeq(): number {
    return this.#size === 0 ? 0 : this.#nextSeq - 1;
  }

  push(record: TrafficRecord): TrafficEntry {
    const entry: TrafficEntry = { logSeq: this.#nextSeq++, endpointId: this.endpointId, record };
    const tail = (this.#head + this.#size) % this.capacity;
    this.#slots[tail] = entry;
    if (this.#size < this.capacity) this.#size++;
    else this.#head = (this.#head + 1) % this.capacity; // overwrote the oldest
    return entry;
  }

  clear(): void {
    this.#slots.fill(undefined);
    this.#head = 0;
    this.#size = 0;
  }

  /**
   * Up to `limit` entries in order: from `fromSeq` on (clamped to what is still held), or
   * the newest `limit` when `fromSeq` is absent.
   */
  window(fromSeq: number | undefined, limit: number): TrafficEntry[] {
    if (this.#size === 0 || limit <= 0) return [];
    let start: number; // offset from the oldest entry
    if (fromSeq === undefined) start = Math.max(0, this.#size - limit);
    else start = Math.max(0, fromSeq - this.firstSeq);
    const end = Math.min(this.#size, start + limit);
    const out: TrafficEntry[] = [];
    for (let i = start; i < end; i++) out.push(this.#slots[(this.#head + i) % this.capacity] as TrafficEntry);
    return out;
  }

  /** Entries that pass `keep`, oldest first, at most `limit` from `fromSeq` on (or the newest `limit`). */
  filter(keep: (e: TrafficEntry) => boolean, fromSeq: number | undefined, limit: number): TrafficEntry[] {
    const out: TrafficEntry[] = [];
    if (fromSeq !== undefined) {
      for (let i = Math.max(0, fromSeq - this.firstSeq); i < this.#size && out.length < limit; i++) {
        const e = this.#slots[(this.#head + i) % this.capacity] as TrafficEntry;
        if (keep(e)) out.push(e);
      }
      return out;
    }
    for (let i = this.#size - 1; i >= 0 && out.length < limit; i--) {
      const e = this.#slots[(this.#head + i) % this.capacity] as TrafficEntry;
      if (keep(e)) out.push(e);
    }
    return out.reverse();
  }
}
