/**
 * The browser-mode host behind `acp-desk web`: one loopback HTTP server that serves the built
 * renderer and carries the IPC contract over a WebSocket at WEB_BRIDGE_PATH. It plays the
 * role Electron main plays for the desktop app, so the same renderer talks to the same core.
 *
 * Every request and upgrade passes the request guard (Host, Origin) before anything else
 * happens; the page and the bridge also need the token from `?token=`. No cookie is ever set
 * (cookies are not port-scoped); see request-guard.ts for why loopback alone is not enough.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import http, { STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { isLoopbackHost } from '../../shared/domain/endpoint';
import { WEB_BRIDGE_PATH } from '../../shared/ipc/web-protocol';
import type { Logger } from '../log/logger';
import { attachBridgeSocket, MAX_FRAME_BYTES, type WebHostCore } from './bridge-socket';
import { createRequestGuard, type RequestGuard } from './request-guard';
import { SECURITY_HEADERS, sendText, serveStatic } from './static-files';

export type { WebHostCore } from './bridge-socket';

export interface WebHostOptions {
  readonly core: WebHostCore;
  /** Directory holding the built renderer (index.html + assets/). */
  readonly rendererDir: string;
  /** Must be a loopback address; browser mode never listens on the network. */
  readonly host?: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** The secret the URL carries; random 32 bytes (base64url) when absent. */
  readonly token?: string;
  readonly logger?: Pick<Logger, 'error'>;
}

export interface WebHost {
  /** `http://127.0.0.1:N/?token=…`: the one URL that opens the UI. */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

/**
 * Starts the host and resolves once it listens. Throws for a non-loopback host or a
 * rendererDir that does not exist, so a misconfiguration fails at startup, not per request.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host)) throw new Error(`acp-desk web listens on loopback only, not on ${host}`);
  const token = options.token ?? randomBytes(32).toString('base64url');
  const rendererDir = await fs.realpath(options.rendererDir);

  const server = http.createServer();
  // Frames above MAX_FRAME_BYTES get a 1008 from the bridge; ws itself stops at twice that.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 2 * MAX_FRAME_BYTES });
  const port = await listen(server, options.port ?? 0, host);
  const guard = createRequestGuard({ token, port, host });

  server.on('request', (req, res) => void onRequest(req, res, guard, rendererDir, options.logger));
  server.on('upgrade', (req, socket, head) => onUpgrade(req, socket, head, guard, wss, options));
  wss.on('connection', (socket) => attachBridgeSocket(socket, options.core, options.logger));

  const authority = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${authority}:${port}/?token=${encodeURIComponent(token)}`,
    port,
    token,
    close: () => closeAll(server, wss),
  };
}

async function onRequest(
  req: IncomingMessage,
  res: ServerResponse,
  guard: RequestGuard,
  rendererDir: string,
  logger: Pick<Logger, 'error'> | undefined,
): Promise<void> {
  try {
    const source = guard.checkSource(req);
    if (!source.ok) {
      sendText(res, source.status, source.message);
      return;
    }
    if (pathOf(req.url) === WEB_BRIDGE_PATH) {
      const verdict = guard.check(req, 'document');
      if (!verdict.ok) sendText(res, verdict.status, verdict.message);
      else sendText(res, 426, 'This path only speaks WebSocket.', { Upgrade: 'websocket' });
      return;
    }
    await serveStatic(req, res, rendererDir, ({ isDocument }) => {
      const verdict = guard.check(req, isDocument ? 'document' : 'asset');
      return verdict.ok ? null : verdict;
    });
  } catch (e) {
    logger?.error('browser-mode request failed', { path: pathOf(req.url), error: e });
    if (!res.headersSent) sendText(res, 500, 'Internal error.');
    else res.destroy();
  }
}

function onUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  guard: RequestGuard,
  wss: WebSocketServer,
  options: WebHostOptions,
): void {
  socket.on('error', () => socket.destroy());
  const verdict = guard.check(req, 'ws');
  if (!verdict.ok) return rejectUpgrade(socket, verdict.status, verdict.message);
  if (pathOf(req.url) !== WEB_BRIDGE_PATH) return rejectUpgrade(socket, 404, 'Not found.');
  if (req.headers.upgrade?.toLowerCase() !== 'websocket') return rejectUpgrade(socket, 400, 'Bad upgrade.');
  try {
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  } catch (e) {
    options.logger?.error('websocket upgrade failed', { error: e });
    socket.destroy();
  }
}

/** Answers a refused upgrade with a real HTTP response, so clients can report the status. */
function rejectUpgrade(socket: Duplex, status: number, message: string): void {
  const body = `${message}\n`;
  const headers = {
    ...SECURITY_HEADERS,
    Connection: 'close',
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
  };
  const head = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n${head}\r\n${body}`);
}

function pathOf(url: string | undefined): string {
  return (url ?? '/').split('?', 1)[0] ?? '/';
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

/** Closes every bridge socket (1001 going away, 1 s grace), then the server and its connections. */
async function closeAll(server: Server, wss: WebSocketServer): Promise<void> {
  const clients = [...wss.clients];
  const gone = clients.map((c) => new Promise<void>((resolve) => c.once('close', () => resolve())));
  for (const client of clients) client.close(1001, 'Server shutting down');
  await Promise.race([Promise.all(gone), new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
  for (const client of wss.clients) client.terminate();
  await new Promise<void>((resolve) => wss.close(() => resolve()));
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
}
