/**
 * HAR 1.2 export of a traffic recording, and "copy as curl" for a POST.
 *
 * - Every HTTP exchange record (POSTs, the GET of each SSE stream, the DELETE) is an entry.
 *   A POST's request body is the JSON-RPC message the client sent on the `post` lane just
 *   before it (same generation, preferring the one whose size equals the request bytes).
 * - The messages a stream delivered after its GET (same lane, until that lane's next GET) are
 *   attached to the GET's entry: as `_events` (seq, time, data) and as the SSE text of
 *   `response.content`.
 * - A POST answered inline (200 + JSON, e.g. `initialize`) gets the next message read on its
 *   lane as its response content.
 * - A WebSocket connection is one entry (status 101) with its messages as
 *   `_webSocketMessages` (the Chrome DevTools shape: type send/receive, time in seconds, opcode, data).
 *
 * Records are already redacted by the tap; header values such as `[redacted]` are copied as is.
 */
import type { HttpExchangeRecord, MessageRecord, TrafficRecord, WebSocketRecord } from '../domain/traffic';

export interface HarHeader {
  readonly name: string;
  readonly value: string;
}

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: [];
    headers: HarHeader[];
    queryString: HarHeader[];
    postData?: { mimeType: string; text: string };
    headersSize: -1;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: [];
    headers: HarHeader[];
    content: { size: number; mimeType: string; text?: string };
    redirectURL: string;
    headersSize: -1;
    bodySize: number;
    _error?: string;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  /** ACP Desk: seq of the HTTP record (or of the WebSocket's first record). */
  _seq: number;
  _lane: string;
  _generation: number;
  _events?: HarStreamEvent[];
  _webSocketMessages?: HarWebSocketMessage[];
}

export interface HarStreamEvent {
  readonly seq: number;
  /** ISO time the event was read. */
  readonly time: string;
  readonly data: string;
}

export interface HarWebSocketMessage {
  readonly type: 'send' | 'receive';
  /** Epoch seconds. */
  readonly time: number;
  readonly opcode: 1;
  readonly data: string;
}

export interface Har {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    entries: HarEntry[];
  };
}

export interface HarOptions {
  readonly creatorVersion?: string;
}

const STATUS_TEXT: Record<number, string> = {
  101: 'Switching Protocols',
  200: 'OK',
  202: 'Accepted',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

function headerList(h: Readonly<Record<string, string>> | undefined): HarHeader[] {
  return h ? Object.entries(h).map(([name, value]) => ({ name, value })) : [];
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** The query string of `url` as name/value pairs (no `URLSearchParams` in the shared zone's typings). */
function queryOf(url: string): HarHeader[] {
  const q = url.indexOf('?');
  if (q < 0) return [];
  const hash = url.indexOf('#', q);
  const search = url.slice(q + 1, hash < 0 ? undefined : hash);
  if (!search) return [];
  return search.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    return eq < 0
      ? { name: decode(pair), value: '' }
      : { name: decode(pair.slice(0, eq)), value: decode(pair.slice(eq + 1)) };
  });
}

function headerValue(h: Readonly<Record<string, string>> | undefined, name: string): string | undefined {
  if (!h) return undefined;
  for (const [k, v] of Object.entries(h)) if (k.toLowerCase() === name) return v;
  return undefined;
}

function iso(at: number): string {
  return new Date(at).toISOString();
}

/**
 * Finds the body of a POST among `candidates` (out messages on the `post` lane not yet
 * claimed), removing and returning it.
 */
function claimBody(candidates: MessageRecord[], http: HttpExchangeRecord): MessageRecord | undefined {
  const sameGen = (m: MessageRecord) => m.generation === http.generation;
  let i = candidates.findIndex((m) => sameGen(m) && m.size === http.requestBytes);
  if (i < 0) i = candidates.findIndex(sameGen);
  if (i < 0) return undefined;
  return candidates.splice(i, 1)[0];
}

/** The JSON-RPC message a POST record (one of `records`) carried, found the way the HAR export does. */
export function findPostBody(records: readonly TrafficRecord[], http: HttpExchangeRecord): MessageRecord | undefined {
  if (http.method !== 'POST') return undefined;
  const candidates: MessageRecord[] = [];
  for (const r of records) {
    if (r === http) break;
    if (r.kind === 'message' && r.direction === 'out' && r.lane === 'post') candidates.push(r);
    else if (r.kind === 'http' && r.method === 'POST') claimBody(candidates, r);
  }
  return claimBody(candidates, http);
}

function httpEntry(r: HttpExchangeRecord, body: MessageRecord | undefined): HarEntry {
  const time = Math.max(0, r.durationMs ?? r.ttfbMs ?? 0);
  const wait = Math.max(0, Math.min(time, r.ttfbMs ?? time));
  const version = r.httpVersion ?? 'HTTP/1.1';
  const status = r.status ?? 0;
  const mimeType = headerValue(r.responseHeaders, 'content-type') ?? '';
  return {
    startedDateTime: iso(r.at - time),
    time,
    request: {
      method: r.method,
      url: r.url,
      httpVersion: version,
      cookies: [],
      headers: headerList(r.requestHeaders),
      queryString: queryOf(r.url),
      ...(body ? { postData: { mimeType: 'application/json', text: JSON.stringify(body.message) } } : {}),
      headersSize: -1,
      bodySize: r.requestBytes,
    },
    response: {
      status,
      statusText: STATUS_TEXT[status] ?? '',
      httpVersion: version,
      cookies: [],
      headers: headerList(r.responseHeaders),
      content: { size: r.responseBytes ?? 0, mimeType },
      redirectURL: headerValue(r.responseHeaders, 'location') ?? '',
      headersSize: -1,
      bodySize: r.responseBytes ?? -1,
      ...(r.error !== undefined ? { _error: r.error } : {}),
    },
    cache: {},
    timings: { send: 0, wait, receive: Math.max(0, time - wait) },
    _seq: r.seq,
    _lane: r.lane,
    _generation: r.generation,
  };
}

function webSocketEntry(r: WebSocketRecord | MessageRecord): HarEntry {
  const url = r.kind === 'websocket' ? r.url : '';
  const ws = r.kind === 'websocket' ? r : undefined;
  return {
    startedDateTime: iso(r.at),
    time: 0,
    request: {
      method: 'GET',
      url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: headerList(ws?.requestHeaders),
      queryString: queryOf(url),
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: ws?.phase === 'open' ? 101 : 0,
      statusText: ws?.phase === 'open' ? STATUS_TEXT[101]! : '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: headerList(ws?.responseHeaders),
      content: { size: 0, mimeType: '' },
      redirectURL: '',
      headersSize: -1,
      bodySize: 0,
    },
    cache: {},
    timings: { send: 0, wait: 0, receive: 0 },
    _seq: r.seq,
    _lane: 'websocket',
    _generation: r.generation,
    _webSocketMessages: [],
  };
}

interface OpenWebSocket {
  readonly entry: HarEntry;
  readonly startAt: number;
  readonly generation: number;
  closed: boolean;
}

/** Walks the records once, growing entries as exchanges, streams and sockets progress. */
class HarBuilder {
  readonly entries: HarEntry[] = [];
  readonly #bodies: MessageRecord[] = [];
  /** generation|lane → the entry of that lane's current stream GET. */
  readonly #streams = new Map<string, HarEntry>();
  /** generation|lane → a POST answered 200 + JSON whose inline answer is not read yet. */
  readonly #inline = new Map<string, HarEntry>();
  #ws: OpenWebSocket | undefined;

  add(r: TrafficRecord): void {
    if (r.kind === 'http') this.#http(r);
    else if (r.kind === 'websocket') this.#webSocket(r);
    else if (r.kind === 'message') this.#message(r);
  }

  #http(r: HttpExchangeRecord): void {
    const entry = httpEntry(r, r.method === 'POST' ? claimBody(this.#bodies, r) : undefined);
    this.entries.push(entry);
    const lane = `${r.generation}|${r.lane}`;
    if (r.method === 'GET') this.#streams.set(lane, entry);
    if (r.method === 'POST' && r.status === 200 && headerValue(r.responseHeaders, 'content-type')?.includes('json'))
      this.#inline.set(lane, entry);
  }

  #openWs(r: WebSocketRecord | MessageRecord): OpenWebSocket {
    const entry = webSocketEntry(r);
    this.entries.push(entry);
    this.#ws = { entry, startAt: r.at, generation: r.generation, closed: false };
    return this.#ws;
  }

  #currentWs(r: WebSocketRecord | MessageRecord): OpenWebSocket {
    const ws = this.#ws;
    const fresh = r.kind === 'websocket' && r.phase === 'connecting';
    return ws && !ws.closed && ws.generation === r.generation && !fresh ? ws : this.#openWs(r);
  }

  #webSocket(r: WebSocketRecord): void {
    const current = this.#currentWs(r);
    const e = current.entry;
    if (r.phase === 'open') {
      e.response.status = 101;
      e.response.statusText = STATUS_TEXT[101]!;
      if (r.responseHeaders) e.response.headers = headerList(r.responseHeaders);
      if (r.requestHeaders) e.request.headers = headerList(r.requestHeaders);
      e.timings.wait = Math.max(0, r.at - current.startAt);
    }
    if (r.phase === 'closed' || r.phase === 'error' || r.phase === 'ping-timeout') {
      current.closed = true;
      if (r.reason !== undefined || r.code !== undefined)
        e.response._error = `${r.phase}${r.code !== undefined ? ` ${r.code}` : ''}${r.reason ? `: ${r.reason}` : ''}`;
    }
    e.time = Math.max(0, r.at - current.startAt);
    e.timings.receive = Math.max(0, e.time - e.timings.wait);
  }

  #message(r: MessageRecord): void {
    if (r.lane === 'post') {
      if (r.direction === 'out') this.#bodies.push(r);
      return;
    }
    if (r.lane === 'websocket') {
      const current = this.#currentWs(r);
      current.entry._webSocketMessages!.push({
        type: r.direction === 'out' ? 'send' : 'receive',
        time: r.at / 1000,
        opcode: 1,
        data: JSON.stringify(r.message),
      });
      current.entry.time = Math.max(current.entry.time, r.at - current.startAt);
      current.entry.timings.receive = Math.max(0, current.entry.time - current.entry.timings.wait);
      return;
    }
    if (r.direction !== 'in') return;
    const lane = `${r.generation}|${r.lane}`;
    const post = this.#inline.get(lane);
    if (post) {
      this.#inline.delete(lane);
      const text = JSON.stringify(r.message);
      post.response.content = { size: Math.max(r.size, text.length), mimeType: 'application/json', text };
      return;
    }
    const stream = this.#streams.get(lane);
    if (!stream) return;
    const data = JSON.stringify(r.message);
    (stream._events ??= []).push({ seq: r.seq, time: iso(r.at), data });
    const content = stream.response.content;
    content.text = `${content.text ?? ''}data: ${data}\n\n`;
    content.size = Math.max(content.size, content.text.length);
    if (!content.mimeType) content.mimeType = 'text/event-stream';
  }
}

/** Builds a HAR 1.2 log of `records` (in seq order). */
export function toHar(records: Iterable<TrafficRecord>, options: HarOptions = {}): Har {
  const builder = new HarBuilder();
  for (const r of records) builder.add(r);
  return {
    log: {
      version: '1.2',
      creator: { name: 'ACP Desk', version: options.creatorVersion ?? '0.1.0' },
      entries: builder.entries,
    },
  };
}

/** Single-quotes `s` for a POSIX shell. */
function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * A curl command replaying an HTTP exchange (typically a POST with its JSON-RPC body).
 * Header values come from the record as they are, so a masked value stays `[redacted]`;
 * `content-length` and `host` are left to curl.
 */
export function curlFor(record: HttpExchangeRecord, body?: MessageRecord | string): string {
  const parts = ['curl', '-sS', '-N'];
  if (record.method !== 'GET' || body !== undefined) parts.push('-X', record.method);
  for (const [name, value] of Object.entries(record.requestHeaders)) {
    const lower = name.toLowerCase();
    if (lower === 'content-length' || lower === 'host') continue;
    parts.push('-H', shellQuote(`${name}: ${value}`));
  }
  if (body !== undefined) {
    const text = typeof body === 'string' ? body : JSON.stringify(body.message);
    parts.push('--data-raw', shellQuote(text));
  }
  parts.push(shellQuote(record.url));
  return parts.join(' ');
}
