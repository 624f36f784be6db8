/**
 * The traffic tap: one ordered, sequence-numbered stream of redacted records per transport.
 * Listeners are called synchronously in order; a throwing listener is isolated.
 */
import type { TrafficRecord, TrafficRecordInput } from '../../shared/domain/traffic';

export type TrafficListener = (record: TrafficRecord) => void;

export class TrafficTap {
  #seq = 0;
  readonly #listeners = new Set<TrafficListener>();

  constructor(private readonly now: () => number = Date.now) {}

  get enabled(): boolean {
    return this.#listeners.size > 0;
  }

  subscribe(listener: TrafficListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  record(input: TrafficRecordInput, generation: number, connectionId: string | undefined): void {
    const record = {
      ...input,
      seq: ++this.#seq,
      at: this.now(),
      generation,
      ...(connectionId ? { connectionId } : {}),
    } as TrafficRecord;
    for (const l of this.#listeners) {
      try {
        l(record);
      } catch {
        // The tap must never break the transport.
      }
    }
  }
}
