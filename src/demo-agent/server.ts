/**
 * The embedded demo agent: a real ACP agent served by the official SDK's `AcpServer` over
 * Streamable HTTP and WebSocket at `/acp`. Scripted and offline, it is what the app opens
 * on and what end-to-end tests and benchmarks run against, so it exercises every feature
 * a client has (see scenario-default.ts and commands.ts).
 */
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { AcpServer } from '@agentclientprotocol/sdk/experimental/server';
import { createNodeHttpHandler, createNodeWebSocketUpgradeHandler } from '@agentclientprotocol/sdk/experimental/node';
import { WebSocketServer } from 'ws';
import { createDemoAgent, type DemoAgentConfig } from './agent';
import { checkRequest, isLoopbackHostname, type GuardConfig } from './http-guard';
import { SessionStore } from './session-store';

export interface DemoAgentOptions {
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Port; default 0 (a free port). */
  port?: number;
  /** If set, require `Authorization: Bearer <token>` on every HTTP request and WS upgrade, else 401. */
  token?: string;
  /** Advertise the `demo-login` auth method and refuse session methods until `authenticate`. */
  requireAuth?: boolean;
  /** Pacing between chunks of normal scripted output; default 15 ms, use 0 in tests. */
  streamDelayMs?: number;
}

export interface DemoAgentServer {
  /** `http://HOST:PORT/acp` */
  readonly url: string;
  /** `ws://HOST:PORT/acp` */
  readonly wsUrl: string;
  readonly port: number;
  /** Stops the server, ending open SSE streams and WebSockets at once. */
  close(): Promise<void>;
}

export const ACP_PATH = '/acp';
const DEFAULT_STREAM_DELAY_MS = 15;
const MAX_WS_MESSAGE_BYTES = 16 * 1024 * 1024;
/** How long a graceful ACP shutdown may take before sockets are destroyed. */
const GRACEFUL_CLOSE_MS = 500;
const DESCRIPTION = `ACP Desk demo agent. Speak ACP (JSON-RPC 2.0) at ${ACP_PATH} over Streamable HTTP or WebSocket.\n`;

/** Starts a demo agent server; resolves once it listens. */
export async function startDemoAgent(options: DemoAgentOptions = {}): Promise<DemoAgentServer> {
  const host = options.host ?? '127.0.0.1';
  const store = new SessionStore();
  const config: DemoAgentConfig = {
    store,
    streamDelayMs: options.streamDelayMs ?? DEFAULT_STREAM_DELAY_MS,
    requireAuth: options.requireAuth ?? false,
  };
  const acp = new AcpServer({ createAgent: () => createDemoAgent(config) });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_MESSAGE_BYTES });
  let port = 0;
  const guard: GuardConfig = { loopbackOnly: isLoopbackHostname(host), port: () => port, token: options.token };
  const server = createFrontend(acp, wss, guard);
  const sockets = trackSockets(server);
  port = await listen(server, options.port ?? 0, host);
  const origin = `${urlHost(host)}:${port}${ACP_PATH}`;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${origin}`,
    wsUrl: `ws://${origin}`,
    port,
    close: () => (closing ??= shutdown({ server, acp, wss, sockets, store })),
  };
}

/** The Node HTTP server: admission checks first, then `/acp` to the SDK's adapters. */
function createFrontend(acp: AcpServer, wss: WebSocketServer, guard: GuardConfig): Server {
  const handleHttp = createNodeHttpHandler(acp);
  const handleUpgrade = createNodeWebSocketUpgradeHandler(acp, wss);
  const server = createServer();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => routeRequest(req, res, guard, handleHttp));
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
    routeUpgrade(req, socket, head, guard, handleUpgrade),
  );
  return server;
}

function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

function routeRequest(
  req: IncomingMessage,
  res: ServerResponse,
  guard: GuardConfig,
  acp: (req: IncomingMessage, res: ServerResponse) => void,
): void {
  const rejection = checkRequest(req.headers, guard);
  if (rejection) return reply(res, rejection.status, rejection.message, rejection.headers);
  const path = pathOf(req);
  if (path === ACP_PATH) return acp(req, res);
  if (path === '/' && (req.method === 'GET' || req.method === 'HEAD')) return reply(res, 200, DESCRIPTION);
  reply(res, 404, 'Not found\n');
}

function reply(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

function routeUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  guard: GuardConfig,
  acp: (req: IncomingMessage, socket: Duplex, head: Buffer) => void,
): void {
  const rejection = checkRequest(req.headers, guard);
  if (rejection) return refuseUpgrade(socket, rejection.status, rejection.message, rejection.headers);
  if (pathOf(req) !== ACP_PATH) return refuseUpgrade(socket, 404, 'Not found');
  acp(req, socket, head);
}

/** Answers an upgrade request with a plain HTTP error and closes the socket. */
function refuseUpgrade(
  socket: Duplex,
  status: number,
  message: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  const body = `${message}\n`;
  const extra = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  const head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\n`;
  const type = `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`;
  socket.once('finish', () => socket.destroy());
  socket.end(`${head}${type}${extra}\r\n${body}`);
}

/** Every socket, including upgraded ones `closeAllConnections` no longer sees. */
function trackSockets(server: Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return sockets;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Host part of the advertised URL: wildcard binds are reached over loopback. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

interface Running {
  readonly server: Server;
  readonly acp: AcpServer;
  readonly wss: WebSocketServer;
  readonly sockets: Set<Socket>;
  readonly store: SessionStore;
}

async function shutdown({ server, acp, wss, sockets, store }: Running): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  store.cancelAll();
  await Promise.race([acp.close().catch(() => undefined), delay(GRACEFUL_CLOSE_MS)]);
  for (const client of wss.clients) client.terminate();
  wss.close();
  server.closeAllConnections();
  for (const socket of sockets) socket.destroy();
  await closed;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
