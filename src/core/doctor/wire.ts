/**
 * Raw wire helpers for the doctor and the conformance checks: one undici fetch per probe run
 * (the project's node-deps stack, never following redirects), bounded by a deadline per
 * request, plus a small SSE reader that records the first byte, events (with `id:` fields)
 * and comments (keep-alives). Nothing here retries: the probe wants to see the first answer.
 */
import { isRecord } from '../../shared/util/is-record';
import { createParser } from 'eventsource-parser';
import { PROTOCOL_VERSION } from '@agentclientprotocol/sdk';
import { CLIENT_INFO } from '../transport/client-info';
import type { FetchLike } from '../transport/link';
import { NO_REDIRECTS } from '../transport/redirects';
import type { DoctorTraffic } from './doctor-traffic';
import { errorText } from './steps';

export const CONNECTION_ID = 'acp-connection-id';
export const SESSION_ID = 'acp-session-id';

export interface WireAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
}

export interface Wire {
  readonly url: string;
  /** The user's headers (auth and the like), sent on every request to the endpoint only. */
  readonly headers: Readonly<Record<string, string>>;
  readonly fetch: FetchLike;
  /** Per-request deadline. */
  readonly timeoutMs: number;
  /** Records every exchange (Diagnose in the app, `probe --traffic`). */
  readonly traffic?: DoctorTraffic;
}

export function initializeBody(id: number | string = 1): string {
  return JSON.stringify({
    jsonrpc: '2.0',
    id,
    method: 'initialize',
    params: { protocolVersion: PROTOCOL_VERSION, clientCapabilities: {}, clientInfo: CLIENT_INFO },
  });
}

export function rpc(id: number | string, method: string, params: unknown): string {
  return JSON.stringify({ jsonrpc: '2.0', id, method, params });
}

/** One request; the body is read whole (capped) unless it is an event stream. */
export async function send(
  wire: Wire,
  init: { method: string; headers?: Record<string, string>; body?: string; timeoutMs?: number },
): Promise<WireAnswer> {
  const ac = new AbortController();
  const limit = init.timeoutMs ?? wire.timeoutMs;
  const timer = setTimeout(() => ac.abort(new Error(`no answer within ${limit / 1000} s`)), limit);
  const headers = { ...wire.headers, ...init.headers };
  const req = { method: init.method, url: wire.url, headers, ...(init.body !== undefined ? { body: init.body } : {}) };
  const started = performance.now();
  wire.traffic?.sent(req);
  try {
    const res = await wire.fetch(wire.url, {
      ...NO_REDIRECTS,
      method: init.method,
      headers,
      ...(init.body !== undefined ? { body: init.body } : {}),
      signal: ac.signal,
    });
    let body = '';
    const type = res.headers.get('content-type') ?? '';
    if (type.includes('text/event-stream')) await res.body?.cancel().catch(() => undefined);
    else body = (await res.text().catch(() => '')).slice(0, 4096);
    wire.traffic?.exchange(req, { status: res.status, headers: res.headers, text: body }, started);
    return { status: res.status, headers: res.headers, body };
  } catch (e) {
    wire.traffic?.failed(req, errorText(e), started);
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

export function postJson(wire: Wire, body: string, headers: Record<string, string> = {}): Promise<WireAnswer> {
  return send(wire, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
}

export interface SseEvent {
  readonly data: string;
  readonly id: string | undefined;
  readonly at: number;
}

/** An open SSE GET, read in the background until `close()`. */
export interface SseStream {
  readonly status: number;
  readonly headers: Headers;
  readonly contentType: string;
  /** ms from the request to the response headers. */
  readonly headersMs: number;
  /** ms from the request to the first body byte, once there is one. */
  firstByteMs(): number | null;
  readonly events: SseEvent[];
  readonly comments: number[];
  /** Resolves with the first event matching, or null at the deadline / stream end. */
  waitFor(match: (data: unknown) => boolean, timeoutMs: number): Promise<unknown>;
  /** Resolves when the stream ends (or at the deadline, with false). */
  ended(timeoutMs: number): Promise<boolean>;
  close(): void;
}

async function getStream(wire: Wire, headers: Record<string, string>, accept: string, ac: AbortController) {
  const timer = setTimeout(
    () => ac.abort(new Error(`no response headers within ${wire.timeoutMs / 1000} s`)),
    wire.timeoutMs,
  );
  try {
    return await wire.fetch(wire.url, {
      ...NO_REDIRECTS,
      method: 'GET',
      headers: { ...wire.headers, accept, ...headers },
      signal: ac.signal,
    });
  } finally {
    clearTimeout(timer);
  }
}

/** Waiters re-checked on every event, comment and the end of the stream. */
class Watch {
  done = false;
  readonly #listeners = new Set<() => void>();

  notify(): void {
    for (const l of [...this.#listeners]) l();
  }

  until<T>(test: () => T | undefined, timeoutMs: number, fallback: T): Promise<T> {
    return new Promise((resolve) => {
      const check = () => {
        const v = test();
        if (v !== undefined) finish(v);
        else if (this.done) finish(fallback);
      };
      const finish = (v: T) => {
        clearTimeout(t);
        this.#listeners.delete(check);
        resolve(v);
      };
      const t = setTimeout(() => finish(fallback), timeoutMs);
      this.#listeners.add(check);
      check();
    });
  }
}

async function pump(
  body: ReadableStream<Uint8Array>,
  feed: (text: string) => void,
  onFirstByte: () => void,
  watch: Watch,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let first = true;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      if (first) onFirstByte();
      first = false;
      feed(decoder.decode(value, { stream: true }));
    }
  } catch {
    // aborted or broken: the stream is over either way
  } finally {
    watch.done = true;
    watch.notify();
  }
}

export async function openSse(
  wire: Wire,
  headers: Record<string, string>,
  accept = 'text/event-stream',
): Promise<SseStream> {
  const ac = new AbortController();
  const started = performance.now();
  const req = { method: 'GET', url: wire.url, headers: { ...wire.headers, accept, ...headers } };
  let res: Response;
  try {
    res = await getStream(wire, headers, accept, ac);
  } catch (e) {
    wire.traffic?.failed(req, errorText(e), started);
    throw e;
  }
  const headersMs = performance.now() - started;
  const recorder = wire.traffic?.stream(req, res, headersMs);
  const events: SseEvent[] = [];
  const comments: number[] = [];
  let firstByte: number | null = null;
  const watch = new Watch();
  const contentType = res.headers.get('content-type') ?? '';
  const parser = createParser({
    onEvent: (e) => {
      recorder?.event(e.data);
      events.push({ data: e.data, id: e.id, at: performance.now() - started });
      watch.notify();
    },
    onComment: () => {
      comments.push(performance.now() - started);
      watch.notify();
    },
  });
  if (res.status === 200 && contentType.toLowerCase().includes('text/event-stream') && res.body) {
    void pump(
      res.body,
      (t) => parser.feed(t),
      () => (firstByte = performance.now() - started),
      watch,
    ).then(() => recorder?.closed(ac.signal.aborted ? 'closed by the doctor' : 'the server ended the stream'));
  } else {
    watch.done = true;
    await res.body?.cancel().catch(() => undefined);
  }
  const firstMatch = (match: (data: unknown) => boolean) => () => {
    for (const e of events) {
      const parsed = parseJson(e.data);
      if (parsed !== undefined && match(parsed)) return parsed;
    }
    return undefined;
  };
  return {
    status: res.status,
    headers: res.headers,
    contentType,
    headersMs,
    firstByteMs: () => firstByte,
    events,
    comments,
    waitFor: (match, timeoutMs) => watch.until<unknown>(firstMatch(match), timeoutMs, null),
    ended: (timeoutMs) => watch.until<boolean>(() => (watch.done ? true : undefined), timeoutMs, false),
    close: () => {
      watch.done = true;
      ac.abort();
      watch.notify();
    },
  };
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The project's one `isRecord`, under the name the doctor's modules use. */
export const isObject = isRecord;

/** A JSON-RPC response with this id. */
export const responseTo =
  (id: number | string) =>
  (m: unknown): boolean =>
    isObject(m) && m.id === id && !('method' in m) && ('result' in m || 'error' in m);

export function ms(n: number): number {
  return Math.round(n * 10) / 10;
}
