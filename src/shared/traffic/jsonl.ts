/**
 * The traffic recording format: JSON Lines, one `TrafficRecord` per line, exactly what
 * `acp-desk chat --traffic FILE` writes (`JSON.stringify(record) + "\n"`) and what the traffic
 * log exports. Parsing validates each line with zod; a bad line is reported with its line
 * number and skipped, never fatal. Unknown fields are kept (a newer writer's records survive
 * a round trip through an older reader).
 */
import { z } from 'zod';
import type { TrafficRecord } from '../domain/traffic';

const laneSchema = z.union([
  z.literal('connection'),
  z.literal('websocket'),
  z.literal('post'),
  z.templateLiteral(['session:', z.string()]),
]);

const headers = z.record(z.string(), z.string());
const count = z.number().int().nonnegative();
const ms = z.number().nonnegative();

const base = {
  seq: z.number().int(),
  at: z.number(),
  generation: z.number().int(),
  connectionId: z.string().optional(),
};

const httpSchema = z.looseObject({
  ...base,
  kind: z.literal('http'),
  method: z.string(),
  url: z.string(),
  lane: laneSchema,
  status: z.number().int().optional(),
  httpVersion: z.string().optional(),
  requestHeaders: headers,
  responseHeaders: headers.optional(),
  requestBytes: count,
  responseBytes: count.optional(),
  ttfbMs: ms.optional(),
  durationMs: ms.optional(),
  error: z.string().optional(),
});

const streamSchema = z.looseObject({
  ...base,
  kind: z.literal('stream'),
  lane: laneSchema,
  phase: z.enum([
    'opening',
    'open',
    'closed',
    'error',
    'reconnect-scheduled',
    'conflict',
    'idle-timeout',
    'gap',
    'given-up',
  ]),
  attempt: z.number().int().optional(),
  delayMs: ms.optional(),
  status: z.number().int().optional(),
  detail: z.string().optional(),
});

const webSocketSchema = z.looseObject({
  ...base,
  kind: z.literal('websocket'),
  phase: z.enum(['connecting', 'open', 'closed', 'error', 'ping-timeout']),
  url: z.string(),
  code: z.number().int().optional(),
  reason: z.string().optional(),
  requestHeaders: headers.optional(),
  responseHeaders: headers.optional(),
});

const messageSchema = z.looseObject({
  ...base,
  kind: z.literal('message'),
  direction: z.enum(['in', 'out']),
  lane: laneSchema,
  size: count,
  message: z.unknown().refine((v) => v !== undefined, 'message is missing'),
  internal: z.boolean().optional(),
});

const errorSchema = z.looseObject({
  ...base,
  kind: z.literal('error'),
  lane: laneSchema.optional(),
  message: z.string(),
  excerpt: z.string().optional(),
});

/** zod schema of one recorded `TrafficRecord` (a trust boundary: files come from anywhere). */
export const trafficRecordSchema = z.discriminatedUnion('kind', [
  httpSchema,
  streamSchema,
  webSocketSchema,
  messageSchema,
  errorSchema,
]);

export interface JsonlLineError {
  /** 1-based line number. */
  readonly line: number;
  readonly message: string;
}

export interface JsonlParseResult {
  readonly records: TrafficRecord[];
  readonly errors: JsonlLineError[];
  /** Non-empty lines read (records + errors). */
  readonly lines: number;
}

/** One record as its line (with the trailing newline). */
export function serializeRecord(record: TrafficRecord): string {
  return `${JSON.stringify(record)}\n`;
}

export function serializeJsonl(records: Iterable<TrafficRecord>): string {
  let out = '';
  for (const r of records) out += serializeRecord(r);
  return out;
}

/** Validates one line; `undefined` for a blank line. */
export function parseJsonlLine(
  text: string,
): { ok: true; record: TrafficRecord } | { ok: false; message: string } | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  let json: unknown;
  try {
    json = JSON.parse(t);
  } catch (e) {
    return { ok: false, message: `not JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  const r = trafficRecordSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    return { ok: false, message: `not a traffic record (${where}${issue?.message ?? 'invalid'})` };
  }
  // The parsed value itself, not zod's copy: the schema only checks (no defaults, unknown keys
  // kept), and a copy would lose own keys such as a header named "__proto__".
  return { ok: true, record: json as TrafficRecord };
}

/** Parses a whole recording; bad lines land in `errors` and are skipped. */
export function parseJsonl(text: string): JsonlParseResult {
  const p = new JsonlParser();
  p.push(text);
  return p.end();
}

/**
 * Streaming parser for large recordings: `push` chunks of text as they are read, `end()`
 * at EOF. `onRecord` (optional) sees each record as soon as its line is complete.
 */
export class JsonlParser {
  readonly #records: TrafficRecord[] = [];
  readonly #errors: JsonlLineError[] = [];
  #buffer = '';
  #line = 0;
  #lines = 0;

  constructor(
    private readonly onRecord?: (record: TrafficRecord) => void,
    /** Keep the records in the result (default true; false when `onRecord` consumes them). */
    private readonly keep = true,
    /** Sees each bad line; given, bad lines are not kept in the result (a huge file stays bounded). */
    private readonly onError?: (error: JsonlLineError) => void,
  ) {}

  push(chunk: string): void {
    const text = this.#buffer + chunk;
    let start = 0;
    let nl = text.indexOf('\n');
    while (nl >= 0) {
      this.#take(text.slice(start, nl));
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    this.#buffer = text.slice(start);
  }

  end(): JsonlParseResult {
    if (this.#buffer !== '') this.#take(this.#buffer);
    this.#buffer = '';
    return { records: this.#records, errors: this.#errors, lines: this.#lines };
  }

  #take(text: string): void {
    this.#line++;
    const r = parseJsonlLine(text);
    if (!r) return;
    this.#lines++;
    if (!r.ok) {
      const error = { line: this.#line, message: r.message };
      if (this.onError) this.onError(error);
      else this.#errors.push(error);
      return;
    }
    if (this.keep) this.#records.push(r.record);
    this.onRecord?.(r.record);
  }
}
