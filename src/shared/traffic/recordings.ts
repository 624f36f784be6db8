/**
 * Recordings opened offline (a JSONL file of the `--traffic` / export format, from the
 * inspector's "Open recording…", a drop on it, or `acp-desk web --open FILE`): each one is
 * fed, read-only, into the traffic log (the core's; the fake bridge's in tests) under its own pseudo-endpoint id, so the inspector
 * (windows, queries, timeline, export) shows it like a connection. The text arrives in parts
 * (a browser-mode IPC frame is bounded); every line is validated by the JSONL parser, bad
 * lines are counted and skipped, and the whole is bounded in size and records.
 */
import type { TrafficRecord } from '../domain/traffic';
import type { RecordingInfo } from '../ipc/contract';
import { AppError } from '../util/result';
import { JsonlParser, type JsonlLineError } from './jsonl';

export const RECORDING_PREFIX = 'recording:';
export const MAX_RECORDING_CHARS = 200 * 1024 * 1024;
export const MAX_RECORDING_RECORDS = 1_000_000;
/** Text per `traffic:openRecording` part: a browser-mode frame holds 8 MiB, JSON-escaped UTF-8 included. */
export const RECORDING_PART_CHARS = 1024 * 1024;
/** Bad lines reported by number (all of them are counted). */
const ERRORS_SHOWN = 5;

interface Recording {
  readonly id: string;
  readonly name: string;
  readonly parser: JsonlParser;
  chars: number;
  records: number;
  badLines: number;
  readonly errors: JsonlLineError[];
  /** Records parsed from the current part, logged at its end. */
  readonly batch: TrafficRecord[];
  done: boolean;
  /** Why reading stopped early (size or record cap). */
  stopped?: string;
  readonly openAtStart: boolean;
}

export class Recordings {
  readonly #byId = new Map<string, Recording>();

  constructor(
    /** Logs records under the recording's pseudo-endpoint id. */
    private readonly append: (endpointId: string, records: readonly TrafficRecord[]) => void,
    private readonly newId: () => string,
    private readonly limits = { maxChars: MAX_RECORDING_CHARS, maxRecords: MAX_RECORDING_RECORDS },
  ) {}

  /** Adds one part of a recording (a new one without `recordingId`); `done` ends it. */
  push(part: {
    readonly recordingId?: string;
    readonly name: string;
    readonly content: string;
    readonly done: boolean;
    readonly openAtStart?: boolean;
  }): RecordingInfo {
    const rec = part.recordingId ? this.#byId.get(part.recordingId) : this.#create(part.name, part.openAtStart);
    if (!rec) throw new AppError('not_found', 'That recording is no longer being opened.');
    if (rec.done) throw new AppError('invalid_request', 'That recording is already open.');
    if (!rec.stopped) {
      rec.chars += part.content.length;
      if (rec.chars > this.limits.maxChars) rec.stopped = `It is larger than ${mb(this.limits.maxChars)}`;
      else rec.parser.push(part.content);
    }
    if (part.done) {
      rec.done = true;
      if (!rec.stopped) rec.parser.end();
    }
    this.#flush(rec);
    return infoOf(rec);
  }

  list(): RecordingInfo[] {
    return [...this.#byId.values()].filter((r) => r.done).map(infoOf);
  }

  #create(name: string, openAtStart = false): Recording {
    const id = `${RECORDING_PREFIX}${this.newId()}`;
    const rec: Recording = {
      id,
      name,
      chars: 0,
      records: 0,
      badLines: 0,
      errors: [],
      batch: [],
      done: false,
      openAtStart,
      parser: new JsonlParser(
        (record) => {
          if (rec.stopped) return;
          if (rec.records >= this.limits.maxRecords) {
            rec.stopped = `It holds more than ${this.limits.maxRecords.toLocaleString('en')} records`;
            return;
          }
          rec.records++;
          rec.batch.push(record);
        },
        false,
        (error) => {
          rec.badLines++;
          if (rec.errors.length < ERRORS_SHOWN) rec.errors.push(error);
        },
      ),
    };
    this.#byId.set(id, rec);
    return rec;
  }

  /** Logs the records the last part completed. */
  #flush(rec: Recording): void {
    if (rec.batch.length > 0) this.append(rec.id, rec.batch.splice(0));
  }
}

const mb = (chars: number) => `${Math.round((chars / 1024 / 1024) * 10) / 10} MB`;

function infoOf(r: Recording): RecordingInfo {
  return {
    endpointId: r.id,
    name: r.name,
    records: r.records,
    badLines: r.badLines,
    errors: [...r.errors],
    done: r.done,
    ...(r.stopped ? { stopped: `${r.stopped}: only the first ${r.records} records were read.` } : {}),
    ...(r.openAtStart ? { openAtStart: true } : {}),
  };
}
