/**
 * `acp-desk replay`: serves a traffic recording as an ACP agent at `/acp`.
 *
 * Design: the replayed agent is a real SDK agent (`agent()` with one raw `"*"` request
 * handler) hosted by the SDK's `AcpServer` over Streamable HTTP and WebSocket, exactly as the
 * demo agent is hosted, so sessions, session streams, ids and errors behave as they do with a
 * live agent and any ACP client (the chat, the app, another tool) can talk to it. Nothing is
 * replayed byte for byte: the recording is indexed into a script (script.ts) and each live
 * request is answered by the recorded request of the same method and position (the Nth
 * `session/prompt` gets the Nth recorded one's updates, permission requests and answer),
 * which keeps working when the client's ids, timing or transport differ from the recording.
 * The demo agent's server helper is not generic (it builds the demo agent itself), so this
 * file has its own small front end with the same admission checks (http-guard.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { RequestError, agent, type AgentApp, type AgentRequestContext } from '@agentclientprotocol/sdk';
import { AcpServer } from '@agentclientprotocol/sdk/experimental/server';
import { createNodeHttpHandler, createNodeWebSocketUpgradeHandler } from '@agentclientprotocol/sdk/experimental/node';
import { WebSocketServer } from 'ws';
import { checkRequest, type GuardConfig } from '../../demo-agent/http-guard';
import { ReplayCursor, SessionIdMap, sessionIdIn, type RecordedExchange, type ReplayScript } from './script';

export interface ReplayServerOptions {
  /** Port on 127.0.0.1; default 0 (a free port). */
  readonly port?: number;
  /** Pacing: recorded delays are divided by it; 0 (or Infinity) sends as fast as possible. Default 1. */
  readonly speed?: number;
}

export interface ReplayServer {
  /** `http://127.0.0.1:PORT/acp` */
  readonly url: string;
  readonly wsUrl: string;
  readonly port: number;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const ACP_PATH = '/acp';
const MAX_WS_MESSAGE_BYTES = 16 * 1024 * 1024;
const GRACEFUL_CLOSE_MS = 500;
/** JSON-RPC error code of a request the recording cannot answer. */
export const NOT_RECORDED = -32601;

/** Starts serving `script`; resolves once it listens on 127.0.0.1. */
export async function startReplayServer(
  script: ReplayScript,
  options: ReplayServerOptions = {},
): Promise<ReplayServer> {
  const speed = options.speed ?? 1;
  const scale = (ms: number) => (speed > 0 && Number.isFinite(speed) ? ms / speed : 0);
  let connections = 0;
  const acp = new AcpServer({ createAgent: () => createReplayAgent(script, scale, ++connections) });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_MESSAGE_BYTES });
  let port = 0;
  const guard: GuardConfig = { loopbackOnly: true, port: () => port };
  const handleHttp = createNodeHttpHandler(acp);
  const handleUpgrade = createNodeWebSocketUpgradeHandler(acp, wss);
  const server = createServer();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const rejection = checkRequest(req.headers, guard);
    if (rejection) return reply(res, rejection.status, rejection.message);
    if (pathOf(req) === ACP_PATH) return handleHttp(req, res);
    reply(res, 404, 'Not found');
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const rejection = checkRequest(req.headers, guard);
    if (rejection || pathOf(req) !== ACP_PATH) {
      const status = rejection?.status ?? 404;
      socket.end(
        `HTTP/1.1 ${status} ${rejection ? 'Forbidden' : 'Not Found'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
      );
      return;
    }
    handleUpgrade(req, socket, head);
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
  let closing: Promise<void> | null = null;
  return {
    url: `http://${HOST}:${port}${ACP_PATH}`,
    wsUrl: `ws://${HOST}:${port}${ACP_PATH}`,
    port,
    close: () => (closing ??= shutdown(server, acp, wss, sockets)),
  };
}

function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

function reply(res: ServerResponse, status: number, message: string): void {
  const body = `${message}\n`;
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

async function shutdown(server: Server, acp: AcpServer, wss: WebSocketServer, sockets: Set<Socket>): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  await Promise.race([acp.close().catch(() => undefined), sleep(GRACEFUL_CLOSE_MS)]);
  for (const client of wss.clients) client.terminate();
  wss.close();
  server.closeAllConnections();
  for (const socket of sockets) socket.destroy();
  await closed;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    timer.unref();
    function done() {
      signal?.removeEventListener('abort', done);
      clearTimeout(timer);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * The agent of one connection: its own cursor (a new client replays from the start) and its
 * own session id map. The first connection keeps the recorded session ids; later ones get
 * `<id>-<connection>` so two clients never share a session.
 */
export function createReplayAgent(script: ReplayScript, scale: (ms: number) => number, connection = 1): AgentApp {
  const cursor = new ReplayCursor(script);
  const ids = new SessionIdMap();
  return agent({ name: 'acp-desk-replay' })
    .onRequest('*', (ctx) => answer(ctx, cursor, ids, scale, connection))
    .onNotification('*', () => undefined); // session/cancel and the like: the recording goes on
}

async function answer(
  ctx: AgentRequestContext<unknown>,
  cursor: ReplayCursor,
  ids: SessionIdMap,
  scale: (ms: number) => number,
  connection: number,
): Promise<unknown> {
  const found = cursor.take(ctx.method);
  if (!found.ok) throw new RequestError(NOT_RECORDED, found.message, { method: ctx.method, n: found.n });
  const exchange = found.exchange;
  // The client names sessions by the ids it was given: map the recorded one to it.
  const recordedSession = sessionIdIn(exchange.params);
  const liveSession = sessionIdIn(ctx.params);
  if (recordedSession !== undefined && liveSession !== undefined) ids.set(recordedSession, liveSession);
  const created = exchange.answer.type === 'result' ? sessionIdIn(exchange.answer.result) : undefined;
  if (created !== undefined && recordedSession === undefined) {
    ids.set(created, connection === 1 ? created : `${created}-${connection}`);
  }
  for (const step of exchange.steps) {
    if (step.after) break;
    if (!(await play(ctx, step, ids, scale))) break;
  }
  await sleep(scale(exchange.answerDelayMs), ctx.signal);
  const after = exchange.steps.filter((s) => s.after);
  if (after.length > 0) {
    // After the SDK has written the response (as the agent did): the next macrotask on.
    setImmediate(() => void playAfter(ctx, after, ids, scale));
  }
  return settle(exchange, ids);
}

async function playAfter(
  ctx: AgentRequestContext<unknown>,
  steps: RecordedExchange['steps'],
  ids: SessionIdMap,
  scale: (ms: number) => number,
): Promise<void> {
  for (const step of steps) if (!(await play(ctx, step, ids, scale))) return;
}

/** Sends one step; false once the connection is gone. */
async function play(
  ctx: AgentRequestContext<unknown>,
  step: RecordedExchange['steps'][number],
  ids: SessionIdMap,
  scale: (ms: number) => number,
): Promise<boolean> {
  await sleep(scale(step.delayMs), ctx.signal);
  const params = ids.apply(step.params);
  try {
    if (step.kind === 'notification') await ctx.client.notify(step.method, params);
    // A recorded agent→client request: ask it and wait for the client's answer, whatever it is.
    else await ctx.client.request(step.method, params).catch(() => undefined);
  } catch {
    return false;
  }
  return true;
}

function settle(exchange: RecordedExchange, ids: SessionIdMap): unknown {
  const a = exchange.answer;
  if (a.type === 'error') throw new RequestError(a.code, a.message, ids.apply(a.data));
  if (a.type === 'none') {
    throw new RequestError(
      -32603,
      `replay: the recording ends before the agent answered ${exchange.method} request #${exchange.n}`,
    );
  }
  return ids.apply(a.result);
}
