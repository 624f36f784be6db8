/**
 * The network stack for plain Node and Electron's main process: undici's fetch on an Agent
 * with no per-origin socket cap (every open SSE stream pins one HTTP/1.1 socket, so a browser
 * style limit of 6 would stall the seventh session), HTTP/2 only through ALPN on https, and
 * `ws` for WebSocket (it can put headers and cookies on the upgrade; browsers cannot).
 */
import diagnostics from 'node:diagnostics_channel';
import { Agent, fetch as undiciFetch, type Dispatcher } from 'undici';
import WebSocket from 'ws';
import type { FetchLike, WebSocketFactory, WsLike } from './link';

/**
 * No h2c: with undici 7.30 an H2CClient queues a POST behind an open SSE stream on the same
 * connection (measured: the POST never completes), which would deadlock ACP; cleartext stays
 * HTTP/1.1, as the Go reference client also chose.
 */
export interface NodeNetOptions {
  /** For tests against self-signed certificates only. */
  readonly rejectUnauthorized?: boolean;
}

export function createNodeFetch(options: NodeNetOptions = {}): FetchLike & { close(): Promise<void> } {
  const dispatcher: Dispatcher = new Agent({
    allowH2: true,
    connections: null,
    keepAliveTimeout: 30_000,
    // SSE streams are long-lived: never time out a body because it is quiet (our own
    // idle timeout, re-armed by keep-alives, decides when a stream is dead).
    bodyTimeout: 0,
    headersTimeout: 0,
    ...(options.rejectUnauthorized === false ? { connect: { rejectUnauthorized: false } } : {}),
  });
  const f = ((input: string, init: RequestInit) =>
    undiciFetch(input, { ...(init as object), dispatcher } as Parameters<
      typeof undiciFetch
    >[1]) as unknown as Promise<Response>) as FetchLike & {
    close(): Promise<void>;
  };
  // Graceful close waits for open requests; a stream someone forgot must not hold up quitting.
  f.close = async () => {
    let timer: NodeJS.Timeout | undefined;
    const force = new Promise<void>((resolve) => {
      timer = setTimeout(() => void dispatcher.destroy().then(resolve, resolve), 2_000);
    });
    await Promise.race([dispatcher.close(), force]);
    clearTimeout(timer);
  };
  return f;
}

export const nodeWebSocket: WebSocketFactory = (url, options) =>
  new WebSocket(url, {
    headers: options.headers,
    maxPayload: options.maxPayload,
    handshakeTimeout: 30_000,
  }) as unknown as WsLike;

/**
 * The HTTP version undici actually negotiated per origin (ALPN on TLS), learned from its
 * `undici:client:connected` diagnostics channel, for the traffic records.
 */
const negotiated = new Map<string, string>();
diagnostics.subscribe('undici:client:connected', (message) => {
  const { connectParams, socket } = message as {
    connectParams?: { protocol?: string; hostname?: string; port?: string | number };
    socket?: { alpnProtocol?: string | false };
  };
  if (!connectParams?.protocol || !connectParams.hostname) return;
  const port = connectParams.port || (connectParams.protocol === 'https:' ? 443 : 80);
  negotiated.set(
    `${connectParams.protocol}//${connectParams.hostname}:${port}`,
    socket?.alpnProtocol === 'h2' ? 'HTTP/2' : 'HTTP/1.1',
  );
});

export function negotiatedHttpVersion(url: string): string | undefined {
  try {
    const u = new URL(url);
    return negotiated.get(`${u.protocol}//${u.hostname}:${u.port || (u.protocol === 'https:' ? 443 : 80)}`);
  } catch {
    return undefined;
  }
}
