/**
 * The traffic tap: one ordered, sequence-numbered stream of redacted records per transport.
 * Listeners are called synchronously in order; a throwing listener is isolated.
 */
import type { TrafficRecord, TrafficRecordInput } from '../../shared/domain/traffic';
import { Redactor } from './redact';

export type TrafficListener = (record: TrafficRecord) => void;

export class TrafficTap {
  #seq = 0;
  readonly #listeners = new Set<TrafficListener>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly redactor: Redactor = new Redactor(),
  ) {}

  get enabled(): boolean {
    return this.#listeners.size > 0;
  }

  subscribe(listener: TrafficListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Every record passes the redactor here, whatever its producer already masked: header maps
   * by name, and every string (URLs, excerpts, errors, message content) by value and shape.
   */
  record(input: TrafficRecordInput, generation: number, connectionId: string | undefined): void {
    const safe = { ...this.redactor.json(input) };
    if (safe.kind === 'http') {
      const headers = safe as { requestHeaders?: Record<string, string>; responseHeaders?: Record<string, string> };
      if (headers.requestHeaders) headers.requestHeaders = this.redactor.headers(headers.requestHeaders);
      if (headers.responseHeaders) headers.responseHeaders = this.redactor.headers(headers.responseHeaders);
    }
    const record = {
      ...safe,
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
