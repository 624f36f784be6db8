/**
 * A bearer-token gate in front of an ACP server, for the transport's dynamic credentials
 * (issue 15): a forwarding server on 127.0.0.1:0 that lets through only requests and
 * WebSocket upgrades whose `Authorization` is `Bearer <the current token>` and answers every
 * other one 401 with `WWW-Authenticate: Bearer resource_metadata="…"` (RFC 9728), the way an
 * OAuth-protected resource does. The token can be rotated (the old one stops working at once,
 * as an expired access token does) or revoked. Every request is recorded with what it carried
 * and what it was answered, and the sockets it still holds open are counted.
 */
import http from 'node:http';
import type net from 'node:net';
import type { AddressInfo } from 'node:net';
import { tunnelUpgrade, type Tunnel } from './upgrade-tunnel';

export interface GateRequest {
  readonly method: string;
  /** `post <rpc method>`, `connection` / `session:<id>` (SSE GETs), `delete`, `upgrade`, or the method. */
  readonly lane: string;
  readonly authorization: string | undefined;
  /** What the gate answered: 401 when it refused, else the upstream's status (0 until known). */
  status: number;
}

export interface BearerGate {
  readonly url: string;
  /** What a refusal's WWW-Authenticate says. */
  readonly challenge: string;
  /** The token accepted now; undefined once revoked. */
  readonly token: string | undefined;
  readonly requests: readonly GateRequest[];
  /** Requests refused with 401, optionally of one lane. */
  refused(lane?: string): GateRequest[];
  /** Requests let through, optionally of one lane. */
  passed(lane?: string): GateRequest[];
  /** Streams, other responses and upgraded sockets still open through the gate. */
  openSockets(): number;
  /** From now on only `next` is accepted. */
  rotate(next: string): void;
  /** From now on nothing is accepted. */
  revoke(): void;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function laneOf(req: http.IncomingMessage, body: string, upgrade: boolean): string {
  if (upgrade) return 'upgrade';
  if (req.method === 'GET' && (one(req.headers.accept) ?? '').includes('text/event-stream')) {
    const sid = one(req.headers['acp-session-id']);
    return sid ? `session:${sid}` : 'connection';
  }
  if (req.method === 'POST') {
    try {
      const m = JSON.parse(body) as { method?: unknown };
      return `post ${typeof m.method === 'string' ? m.method : 'response'}`;
    } catch {
      return 'post';
    }
  }
  return (req.method ?? '').toLowerCase();
}

export async function startBearerGate(target: string, token: string): Promise<BearerGate> {
  const t = new URL(target);
  const port = Number(t.port);
  const host = t.hostname;
  let current: string | undefined = token;
  const requests: GateRequest[] = [];
  const open = new Set<{ destroy(): void }>();
  const upstreamAgent = new http.Agent({ keepAlive: false });
  let url = '';
  const challenge = () =>
    `Bearer resource_metadata="${url.replace(/\/acp$/, '')}/.well-known/oauth-protected-resource"`;
  const allowed = (req: http.IncomingMessage) =>
    current !== undefined && one(req.headers.authorization) === `Bearer ${current}`;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const r: GateRequest = {
        method: req.method ?? '',
        lane: laneOf(req, body.toString('utf8'), false),
        authorization: one(req.headers.authorization),
        status: 0,
      };
      requests.push(r);
      if (!allowed(req)) {
        r.status = 401;
        res
          .writeHead(401, { 'content-type': 'application/json', 'www-authenticate': challenge() })
          .end(JSON.stringify({ error: 'invalid_token' }));
        return;
      }
      const headers: http.OutgoingHttpHeaders = {};
      for (const [k, v] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(k) && v !== undefined) headers[k] = v;
      const upstream = http.request({ host, port, method: req.method, path: req.url, headers, agent: upstreamAgent });
      const held = { destroy: () => (upstream.destroy(), res.destroy()) };
      open.add(held);
      res.on('close', () => {
        open.delete(held);
        if (!res.writableFinished) upstream.destroy();
      });
      upstream.on('error', () => (res.headersSent ? res.destroy() : res.writeHead(502).end('bearer-gate: upstream')));
      upstream.on('response', (up) => {
        r.status = up.statusCode ?? 0;
        const out: http.OutgoingHttpHeaders = {};
        for (const [k, v] of Object.entries(up.headers)) if (!HOP_BY_HOP.has(k) && v !== undefined) out[k] = v;
        res.writeHead(up.statusCode ?? 502, out);
        res.flushHeaders();
        up.pipe(res);
      });
      upstream.end(body.length ? body : undefined);
    });
  });

  server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    const r: GateRequest = {
      method: req.method ?? '',
      lane: 'upgrade',
      authorization: one(req.headers.authorization),
      status: 0,
    };
    requests.push(r);
    if (!allowed(req)) {
      r.status = 401;
      const body = JSON.stringify({ error: 'invalid_token' });
      socket.end(
        `HTTP/1.1 401 Unauthorized\r\nwww-authenticate: ${challenge()}\r\ncontent-type: application/json\r\n` +
          `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
      return;
    }
    const held: Tunnel = tunnelUpgrade(req, socket, head, {
      host,
      port,
      onStatus: (status) => (r.status = status),
      onClose: () => open.delete(held),
    });
    open.add(held);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${t.pathname}`;
  return {
    url,
    get challenge() {
      return challenge();
    },
    get token() {
      return current;
    },
    requests,
    refused: (lane) => requests.filter((r) => r.status === 401 && (lane === undefined || r.lane === lane)),
    passed: (lane) => requests.filter((r) => r.status !== 401 && (lane === undefined || r.lane === lane)),
    openSockets: () => open.size,
    rotate(next) {
      current = next;
    },
    revoke() {
      current = undefined;
    },
    async close() {
      for (const h of open) h.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      upstreamAgent.destroy();
    },
  };
}
