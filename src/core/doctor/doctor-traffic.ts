/**
 * The doctor's wire, recorded: every HTTP exchange, SSE event and WebSocket frame the doctor and
 * the conformance checks make becomes a traffic record (the inspector's and `--traffic`'s
 * format), through the transport's own redacting tap (`TrafficTap`, with the probe's Redactor),
 * so a Diagnose run shows in the traffic inspector like a connection and a secret header value
 * never reaches a record. `lastSeq` lets the step runners say which records a step made.
 *
 * Generations: each new connection the doctor opens (an `initialize` POST, a WebSocket upgrade)
 * starts a new generation, so the inspector pairs requests and responses per connection (the
 * doctor reuses JSON-RPC ids across its connections).
 */
import type { Lane, TrafficRecord, TrafficRecordInput } from '../../shared/domain/traffic';
import { headerRecord } from '../transport/link';
import type { Redactor } from '../transport/redact';
import { httpVersionOf } from '../transport/sse-lane';
import { TrafficTap } from '../transport/tap';

const CONNECTION_ID = 'acp-connection-id';
const SESSION_ID = 'acp-session-id';

/** A request as the doctor sent it (headers unredacted: the tap masks them). */
export interface WireRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

function lower(h: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v;
  return out;
}

function json(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const isRpc = (m: unknown): boolean =>
  typeof m === 'object' && m !== null && (Array.isArray(m) || (m as { jsonrpc?: unknown }).jsonrpc === '2.0');

/** The lane of a request: its session's when it names one, else the connection's. */
export function laneOf(headers: Readonly<Record<string, string>>): Lane {
  const session = lower(headers)[SESSION_ID];
  return session ? `session:${session}` : 'connection';
}

/** An open SSE stream's recorder: its events and its end. */
export interface StreamTraffic {
  event(data: string): void;
  closed(detail: string): void;
}

/** A WebSocket's recorder: upgrade, frames both ways, end. */
export interface SocketTraffic {
  open(status: number, headers: Readonly<Record<string, string | string[] | undefined>>): void;
  message(direction: 'in' | 'out', text: string): void;
  closed(code: number | undefined, reason: string): void;
  error(reason: string): void;
}

export class DoctorTraffic {
  readonly #tap: TrafficTap;
  #lastSeq = 0;
  #generation = 0;

  constructor(redactor: Redactor, sink: (record: TrafficRecord) => void, now: () => number = Date.now) {
    this.#tap = new TrafficTap(now, redactor);
    this.#tap.subscribe((r) => {
      this.#lastSeq = r.seq;
      sink(r);
    });
  }

  /** The seq of the newest record (0 before the first). */
  get lastSeq(): number {
    return this.#lastSeq;
  }

  #record(input: TrafficRecordInput, connectionId?: string | null): void {
    this.#tap.record(input, Math.max(1, this.#generation), connectionId ?? undefined);
  }

  /** The JSON-RPC message a request carries, recorded as it is sent (a new connection for `initialize`). */
  sent(req: WireRequest): void {
    if (req.body === undefined) return;
    const message = json(req.body);
    if (!isRpc(message)) return;
    if ((message as { method?: unknown }).method === 'initialize') this.#generation++;
    const size = Buffer.byteLength(req.body);
    this.#record({ kind: 'message', direction: 'out', lane: 'post', size, message }, lower(req.headers)[CONNECTION_ID]);
  }

  /** A whole request/response: the message sent, the HTTP exchange, the JSON-RPC answer in its body. */
  exchange(req: WireRequest, res: { status: number; headers: Headers; text: string }, startedMs: number): void {
    const lane = laneOf(req.headers);
    const connectionId = res.headers.get(CONNECTION_ID) ?? lower(req.headers)[CONNECTION_ID];
    const elapsed = performance.now() - startedMs;
    this.#record(
      {
        ...this.#http(req, lane),
        status: res.status,
        responseHeaders: headerRecord(res.headers),
        responseBytes: Buffer.byteLength(res.text),
        ttfbMs: Math.round(elapsed),
        durationMs: Math.round(elapsed),
        ...(res.status >= 300 && res.text ? { error: res.text.slice(0, 300) } : {}),
      },
      connectionId,
    );
    const answer = res.text ? json(res.text) : undefined;
    if (isRpc(answer))
      this.#record(
        { kind: 'message', direction: 'in', lane: 'connection', size: Buffer.byteLength(res.text), message: answer },
        connectionId,
      );
  }

  /** A request that got no answer (network error, deadline). */
  failed(req: WireRequest, error: string, startedMs: number): void {
    const durationMs = Math.round(performance.now() - startedMs);
    this.#record({ ...this.#http(req, laneOf(req.headers)), durationMs, error }, lower(req.headers)[CONNECTION_ID]);
  }

  /** A stream GET answered: its exchange, and (for an event stream) a recorder of what it carries. */
  stream(req: WireRequest, res: { status: number; headers: Headers }, headersMs: number): StreamTraffic {
    const lane = laneOf(req.headers);
    const connectionId = lower(req.headers)[CONNECTION_ID];
    const ms = Math.round(headersMs);
    this.#record(
      { ...this.#http(req, lane), status: res.status, responseHeaders: headerRecord(res.headers), ttfbMs: ms },
      connectionId,
    );
    const isStream = res.status === 200 && (res.headers.get('content-type') ?? '').includes('text/event-stream');
    if (isStream) this.#record({ kind: 'stream', lane, phase: 'open', status: res.status }, connectionId);
    let open = isStream;
    return {
      event: (data) => {
        const message = json(data);
        if (isRpc(message))
          this.#record(
            { kind: 'message', direction: 'in', lane, size: Buffer.byteLength(data), message },
            connectionId,
          );
        else
          this.#record(
            { kind: 'error', lane, message: 'an SSE event that is not JSON-RPC', excerpt: data.slice(0, 200) },
            connectionId,
          );
      },
      closed: (detail) => {
        if (!open) return;
        open = false;
        this.#record({ kind: 'stream', lane, phase: 'closed', detail }, connectionId);
      },
    };
  }

  /** A WebSocket upgrade about to be sent on `url` with `headers`. */
  socket(url: string, headers: Readonly<Record<string, string>>): SocketTraffic {
    this.#generation++;
    let connectionId: string | undefined;
    let done = false;
    this.#record({ kind: 'websocket', phase: 'connecting', url, requestHeaders: headers });
    return {
      open: (status, h) => {
        const flat: Record<string, string> = {};
        for (const [k, v] of Object.entries(h)) if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(', ') : v;
        connectionId = flat[CONNECTION_ID];
        // Any other answer is said by the error that follows it.
        if (status === 101)
          this.#record({ kind: 'websocket', phase: 'open', url, responseHeaders: flat }, connectionId);
      },
      message: (direction, text) => {
        const message = json(text);
        if (!isRpc(message)) return;
        const size = Buffer.byteLength(text);
        this.#record({ kind: 'message', direction, lane: 'websocket', size, message }, connectionId);
      },
      closed: (code, reason) => {
        if (done) return;
        done = true;
        this.#record(
          { kind: 'websocket', phase: 'closed', url, ...(code !== undefined ? { code } : {}), reason },
          connectionId,
        );
      },
      error: (reason) => {
        if (done) return;
        done = true;
        this.#record({ kind: 'websocket', phase: 'error', url, reason }, connectionId);
      },
    };
  }

  #http(req: WireRequest, lane: Lane) {
    return {
      kind: 'http' as const,
      method: req.method,
      url: req.url,
      lane,
      httpVersion: httpVersionOf(req.url),
      requestHeaders: { ...req.headers },
      requestBytes: req.body === undefined ? 0 : Buffer.byteLength(req.body),
    };
  }
}
