/**
 * A fault-injecting HTTP proxy for transport tests (node:http on 127.0.0.1:0). Every request is
 * recorded (method, path, headers, body, the JSON-RPC message it carries) and passed to a hook
 * that decides its fate:
 * - `undefined` / `{ forward: ... }`: forward it to the target and stream the answer back;
 * - `{ respond: status }`: answer directly, never reaching the target;
 * - for SSE streams (GET with Accept text/event-stream): after N events (blank-line boundaries
 *   of the upstream bytes), `inject` raw text and/or `end` (clean EOF), `reset` (write half of
 *   the next event, then destroy the socket) or `stall` (forward nothing more but keep the
 *   socket open: a half-open stream). Live streams can also be driven from the test.
 * WebSocket upgrades are piped through raw (and can be destroyed from the test).
 * When the client goes away, the upstream request is destroyed so the server releases its
 * stream lease at once. Optional keep-alive comments stand in for the server's (15 s) ones at
 * test speed, so short idle timeouts do not fire on healthy quiet streams.
 */
import http from 'node:http';
import type net from 'node:net';
import type { AddressInfo } from 'node:net';
import { tunnelUpgrade } from './upgrade-tunnel';

export type RpcKind = 'request' | 'notification' | 'response';

export interface ProxiedRequest {
  /** 1-based arrival order. */
  readonly seq: number;
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  /** The JSON-RPC message of a POST body, when it parses as one. */
  readonly rpc?: { readonly kind: RpcKind; readonly method?: string; readonly id?: string | number | null };
  /** A GET asking for text/event-stream. */
  readonly sse: boolean;
  readonly upgrade: boolean;
  readonly connectionId?: string;
  readonly sessionId?: string;
  /** `connection` / `session:<id>` for streams, `post`, `delete`, `upgrade`, or the method. */
  readonly lane: string;
  /** Status the client was given (forwarded or direct); undefined if it never got one. */
  status?: number;
}

export interface SseFault {
  /** Events to forward untouched before acting (default 0). */
  readonly afterEvents?: number;
  /** Raw text written to the client at that point (e.g. malformed events). */
  readonly inject?: string;
  readonly then?: 'end' | 'reset' | 'stall';
}

export type ProxyDecision =
  | {
      readonly respond: number;
      readonly body?: string;
      readonly headers?: Readonly<Record<string, string>>;
      readonly destroy?: boolean;
    }
  | { readonly forward: true; readonly sse?: SseFault }
  /** Answer with any raw behaviour (the attacks in hostile.ts); the target is never reached. */
  | { readonly handle: (res: http.ServerResponse, status: (code: number) => void) => void };

export type ProxyHook = (req: ProxiedRequest) => ProxyDecision | undefined | void;

export interface ProxiedStream {
  readonly req: ProxiedRequest;
  /** Upstream events forwarded to the client so far. */
  readonly events: number;
  readonly state: 'open' | 'ended' | 'reset' | 'stalled' | 'closed';
  /** Resolves when the client side of this stream is gone. */
  readonly closed: Promise<void>;
  end(): void;
  reset(): void;
  stall(): void;
  inject(text: string): void;
}

export interface ProxiedUpgrade {
  readonly req: ProxiedRequest;
  /** Destroys both sockets (an abrupt close, as a crashed server or a dropped network). */
  destroy(): void;
}

export interface FaultProxy {
  readonly url: string;
  readonly requests: readonly ProxiedRequest[];
  readonly streams: readonly ProxiedStream[];
  readonly upgrades: readonly ProxiedUpgrade[];
  hook: ProxyHook;
  /** POSTs, optionally only those carrying a JSON-RPC method. */
  posts(rpcMethod?: string): ProxiedRequest[];
  /** SSE GETs, optionally of one lane (`connection`, `session:<id>`). */
  gets(lane?: string): ProxiedRequest[];
  /** Open streams of a lane. */
  openStreams(lane?: string): ProxiedStream[];
  /** The most SSE GETs ever open at once on one lane of one connection. */
  maxConcurrentGetsPerLane(): number;
  close(): Promise<void>;
}

export interface FaultProxyOptions {
  readonly hook?: ProxyHook;
  /** Writes `:\n\n` on every forwarded stream this often (0 = never). Default 100 ms. */
  readonly keepAliveMs?: number;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
  'te',
  'trailer',
  'content-length',
]);

function header(h: http.IncomingHttpHeaders, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

function parseRpc(body: string): ProxiedRequest['rpc'] {
  try {
    const m = JSON.parse(body) as Record<string, unknown>;
    if (!m || typeof m !== 'object' || Array.isArray(m)) return undefined;
    const id = m.id as string | number | null | undefined;
    if (typeof m.method === 'string')
      return {
        kind: id === undefined ? 'notification' : 'request',
        method: m.method,
        ...(id !== undefined ? { id } : {}),
      };
    return { kind: 'response', ...(id !== undefined ? { id } : {}) };
  } catch {
    return undefined;
  }
}

/** Index just past the first blank line in `buf`, or -1. */
function eventEnd(buf: Buffer): number {
  const lf = buf.indexOf('\n\n');
  const crlf = buf.indexOf('\r\n\r\n');
  if (lf < 0 && crlf < 0) return -1;
  if (crlf < 0 || (lf >= 0 && lf < crlf)) return lf + 2;
  return crlf + 4;
}

class StreamPipe implements ProxiedStream {
  events = 0;
  state: ProxiedStream['state'] = 'open';
  readonly closed: Promise<void>;
  #pending = Buffer.alloc(0);
  #resetNext = false;
  #fault: SseFault | undefined;
  #keepAlive: NodeJS.Timeout | undefined;

  constructor(
    readonly req: ProxiedRequest,
    private readonly res: http.ServerResponse,
    private readonly upstream: http.ClientRequest,
    fault: SseFault | undefined,
    keepAliveMs: number,
  ) {
    this.#fault = fault;
    this.closed = new Promise((resolve) => res.on('close', () => resolve()));
    if (keepAliveMs > 0)
      this.#keepAlive = setInterval(() => this.state === 'open' && this.res.write(':\n\n'), keepAliveMs);
    res.on('close', () => {
      clearInterval(this.#keepAlive);
      if (this.state === 'open' || this.state === 'stalled') this.state = 'closed';
      upstream.destroy();
    });
    this.#checkFault();
  }

  onData(chunk: Buffer): void {
    if (this.state !== 'open') return; // stalled/ended: the bytes are lost, as on a dead socket
    this.#pending = Buffer.concat([this.#pending, chunk]);
    for (let end = eventEnd(this.#pending); end >= 0 && this.state === 'open'; end = eventEnd(this.#pending)) {
      const event = this.#pending.subarray(0, end);
      this.#pending = this.#pending.subarray(end);
      if (this.#resetNext) {
        this.state = 'reset';
        // Destroy only once the half event is on the wire, so the client really sees it.
        this.res.write(event.subarray(0, Math.max(1, Math.floor(event.length / 2))), () => this.#destroy());
        return;
      }
      this.res.write(event);
      this.events++;
      this.#checkFault();
    }
  }

  onUpstreamEnd(): void {
    if (this.state === 'open') {
      this.state = 'ended';
      this.res.end();
    }
  }

  #checkFault(): void {
    const f = this.#fault;
    if (!f || this.events < (f.afterEvents ?? 0)) return;
    this.#fault = undefined;
    if (f.inject) this.inject(f.inject);
    if (f.then === 'end') this.end();
    else if (f.then === 'reset') this.reset();
    else if (f.then === 'stall') this.stall();
  }

  inject(text: string): void {
    if (this.state === 'open') this.res.write(text);
  }

  end(): void {
    if (this.state !== 'open' && this.state !== 'stalled') return;
    this.state = 'ended';
    clearInterval(this.#keepAlive);
    this.res.end();
    this.upstream.destroy();
  }

  reset(): void {
    if (this.state === 'open') this.#resetNext = true;
  }

  stall(): void {
    if (this.state !== 'open') return;
    this.state = 'stalled';
    clearInterval(this.#keepAlive);
  }

  #destroy(): void {
    clearInterval(this.#keepAlive);
    this.res.socket?.destroy();
    this.res.destroy();
    this.upstream.destroy();
  }
}

export async function startFaultProxy(target: string, options: FaultProxyOptions = {}): Promise<FaultProxy> {
  const t = new URL(target);
  const targetHost = t.hostname;
  const targetPort = Number(t.port);
  const keepAliveMs = options.keepAliveMs ?? 100;
  const requests: ProxiedRequest[] = [];
  const streams: StreamPipe[] = [];
  const upgrades: ProxiedUpgrade[] = [];
  const openPerLane = new Map<string, number>();
  let maxPerLane = 0;
  const upstreamAgent = new http.Agent({ keepAlive: false });

  const describeRequest = (req: http.IncomingMessage, body: string, upgrade: boolean): ProxiedRequest => {
    const sessionId = header(req.headers, 'acp-session-id');
    const connectionId = header(req.headers, 'acp-connection-id');
    const sse = !upgrade && req.method === 'GET' && (header(req.headers, 'accept') ?? '').includes('text/event-stream');
    const rpc = req.method === 'POST' ? parseRpc(body) : undefined;
    const lane = upgrade
      ? 'upgrade'
      : sse
        ? sessionId
          ? `session:${sessionId}`
          : 'connection'
        : (req.method ?? '').toLowerCase();
    const r: ProxiedRequest = {
      seq: requests.length + 1,
      method: req.method ?? '',
      path: req.url ?? '/',
      headers: req.headers,
      body,
      sse,
      upgrade,
      lane,
      ...(rpc ? { rpc } : {}),
      ...(sessionId ? { sessionId } : {}),
      ...(connectionId ? { connectionId } : {}),
    };
    requests.push(r);
    return r;
  };

  const trackLane = (r: ProxiedRequest, res: http.ServerResponse) => {
    const key = `${r.connectionId ?? ''} ${r.lane}`;
    const n = (openPerLane.get(key) ?? 0) + 1;
    openPerLane.set(key, n);
    maxPerLane = Math.max(maxPerLane, n);
    res.on('close', () => openPerLane.set(key, (openPerLane.get(key) ?? 1) - 1));
  };

  const forward = (
    r: ProxiedRequest,
    req: http.IncomingMessage,
    res: http.ServerResponse,
    fault: SseFault | undefined,
  ) => {
    const headers: http.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(k) && v !== undefined) headers[k] = v;
    if (r.body) headers['content-length'] = Buffer.byteLength(r.body);
    const upstream = http.request({
      host: targetHost,
      port: targetPort,
      method: req.method,
      path: req.url,
      headers,
      agent: upstreamAgent,
    });
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    upstream.on('error', () => {
      if (!res.headersSent) {
        r.status = 502;
        res.writeHead(502, { 'content-type': 'text/plain' }).end('fault-proxy: upstream unreachable');
      } else res.destroy();
    });
    upstream.on('response', (up) => {
      r.status = up.statusCode;
      const out: http.OutgoingHttpHeaders = {};
      for (const [k, v] of Object.entries(up.headers)) if (!HOP_BY_HOP.has(k) && v !== undefined) out[k] = v;
      const isSse = (header(up.headers, 'content-type') ?? '').includes('text/event-stream');
      if (!isSse) {
        res.writeHead(up.statusCode ?? 502, out);
        up.pipe(res);
        return;
      }
      res.writeHead(up.statusCode ?? 200, out);
      res.flushHeaders();
      const pipe = new StreamPipe(r, res, upstream, fault, keepAliveMs);
      streams.push(pipe);
      up.on('data', (c: Buffer) => pipe.onData(c));
      up.on('end', () => pipe.onUpstreamEnd());
      up.on('error', () => res.destroy());
    });
    upstream.end(r.body || undefined);
  };

  let hook: ProxyHook = options.hook ?? (() => undefined);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = describeRequest(req, Buffer.concat(chunks).toString('utf8'), false);
      if (r.sse) trackLane(r, res);
      const decision = hook(r) ?? { forward: true };
      if ('handle' in decision) {
        decision.handle(res, (code) => (r.status = code));
        return;
      }
      if ('respond' in decision) {
        r.status = decision.respond;
        res.writeHead(decision.respond, { 'content-type': 'text/plain', ...decision.headers });
        if (decision.destroy) {
          res.flushHeaders();
          if (decision.body) res.write(decision.body);
          setImmediate(() => res.socket?.destroy());
        } else res.end(decision.body ?? '');
        return;
      }
      forward(r, req, res, decision.sse);
    });
  });

  server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    const r = describeRequest(req, '', true);
    const decision = hook(r);
    if (decision && 'handle' in decision) {
      socket.destroy();
      return;
    }
    if (decision && 'respond' in decision) {
      r.status = decision.respond;
      socket.end(
        `HTTP/1.1 ${decision.respond} Refused\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(decision.body ?? '')}\r\nconnection: close\r\n\r\n${decision.body ?? ''}`,
      );
      return;
    }
    const { destroy } = tunnelUpgrade(req, socket, head, {
      host: targetHost,
      port: targetPort,
      onStatus: (status) => (r.status = status),
    });
    upgrades.push({ req: r, destroy });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}${t.pathname}`,
    requests,
    streams,
    upgrades,
    get hook() {
      return hook;
    },
    set hook(h: ProxyHook) {
      hook = h;
    },
    posts: (rpcMethod) =>
      requests.filter((r) => r.method === 'POST' && (rpcMethod === undefined || r.rpc?.method === rpcMethod)),
    gets: (lane) => requests.filter((r) => r.sse && (lane === undefined || r.lane === lane)),
    openStreams: (lane) =>
      streams.filter(
        (s) => (s.state === 'open' || s.state === 'stalled') && (lane === undefined || s.req.lane === lane),
      ),
    maxConcurrentGetsPerLane: () => maxPerLane,
    async close() {
      for (const s of streams) s.end();
      for (const u of upgrades) u.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      upstreamAgent.destroy();
    },
  };
}
