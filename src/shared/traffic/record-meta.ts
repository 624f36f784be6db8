/**
 * What is derived from a traffic record once and kept with it: its JSON text (the spill line,
 * made by the tap that already wrote it for the redaction pre-check), the flat view queries
 * read, its message info, and the lower-cased text free-text queries search.
 *
 * Kept on the record itself under a symbol, not enumerable: JSON, structured clone (IPC) and
 * object spread never see it, so a copy of a record (`{ ...r, seq }`) starts without any and
 * never inherits what was derived from the original. That costs one property per record where
 * a WeakMap entry per derived value cost several lookups on the tap's hot path and made the
 * garbage collector trace 100k-entry ephemeron tables. Records are immutable, so the cache
 * stays true; a record that cannot take a property (frozen) falls back to a WeakMap.
 */
import type { TrafficRecord } from '../domain/traffic';
import type { MessageInfo } from './message-info';
import type { FlatView } from './query-fields';

export interface RecordMeta {
  /** The record's JSON text (see `rememberJson`), until `lower` replaces it (memory holds one of the two). */
  json?: string | undefined;
  /** `JSON.stringify(record).toLowerCase()`, made by a free-text query that needs it. */
  lower?: string | undefined;
  /** The flat view the query language evaluates (query-fields). */
  view?: FlatView | undefined;
  /** What a message record is (message-info). */
  info?: MessageInfo | undefined;
}

const META = Symbol('traffic.recordMeta');
const frozen = new WeakMap<TrafficRecord, RecordMeta>();

type WithMeta = TrafficRecord & { [META]?: RecordMeta };

/** The record's meta, created on first use. */
export function metaOf(record: TrafficRecord): RecordMeta {
  const held = (record as WithMeta)[META];
  if (held) return held;
  const meta: RecordMeta = {};
  if (Object.isExtensible(record)) Object.defineProperty(record, META, { value: meta });
  else {
    const f = frozen.get(record);
    if (f) return f;
    frozen.set(record, meta);
  }
  return meta;
}

/** `JSON.stringify(record)`, made once (or given by the tap with `rememberJson`). */
export function recordJson(record: TrafficRecord): string {
  const meta = metaOf(record);
  if (meta.json !== undefined) return meta.json;
  const json = JSON.stringify(record);
  if (meta.lower === undefined) meta.json = json;
  return json;
}

/**
 * Records `json` as the record's JSON text. It must parse to the record: JSON.stringify's
 * text, or the one the traffic worker builds around a message's wire text (same keys, the
 * message written as the peer wrote it).
 */
export function rememberJson(record: TrafficRecord, json: string): void {
  metaOf(record).json = json;
}

/** The lower-cased JSON text of a record, for free-text search. */
export function lowerText(record: TrafficRecord): string {
  const meta = metaOf(record);
  if (meta.lower === undefined) {
    meta.lower = (meta.json ?? JSON.stringify(record)).toLowerCase();
    meta.json = undefined;
  }
  return meta.lower;
}

/** The record's JSON text as is, or undefined when only its lower-cased form is kept. */
export function jsonIfKept(record: TrafficRecord): string | undefined {
  const meta = metaOf(record);
  return meta.json === undefined && meta.lower !== undefined ? undefined : recordJson(record);
}
