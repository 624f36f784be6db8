/**
 * The network stack for plain Node and Electron's main process: undici's fetch on an Agent
 * with no per-origin socket cap (every open SSE stream pins one HTTP/1.1 socket, so a browser
 * style limit of 6 would stall the seventh session), HTTP/2 only through ALPN on https, and
 * `ws` for WebSocket (it can put headers and cookies on the upgrade; browsers cannot).
 * An endpoint's proxy and TLS settings get their own dispatcher and WebSocket agent
 * (net-undici.ts, net-ws.ts).
 */
import diagnostics from 'node:diagnostics_channel';
import { Agent, fetch as undiciFetch, type Dispatcher } from 'undici';
import WebSocket from 'ws';
import type { FetchLike, WebSocketFactory, WsLike } from './link';
import { isDirect, networkKey, type ResolvedNetwork } from './net-config';
import { hasSystemProxyResolver, resolveProxyFor } from './net-proxy';
import { createDirectDispatcher, createDispatcher, type BaseAgentOptions } from './net-undici';
import { NetworkWsAgent } from './net-ws';
import { asProxyUnreachable } from './tls-errors';

/**
 * No h2c: with undici 7.30 an H2CClient queues a POST behind an open SSE stream on the same
 * connection (measured: the POST never completes), which would deadlock ACP; cleartext stays
 * HTTP/1.1, as the Go reference client also chose.
 */
export interface NodeNetOptions {
  /** For tests against self-signed certificates only. */
  readonly rejectUnauthorized?: boolean;
  /** An endpoint's proxy and TLS settings (direct, system trust when absent). */
  readonly network?: ResolvedNetwork;
}

export type NodeFetch = FetchLike & {
  close(): Promise<void>;
  /**
   * A fetch for an endpoint's network settings, sharing this one's lifetime: dispatchers are
   * kept per distinct settings (endpoints with the same proxy and TLS share sockets) and all
   * closed with it.
   */
  forNetwork(network: ResolvedNetwork | undefined): FetchLike;
};

const BASE: BaseAgentOptions = {
  allowH2: true,
  connections: null,
  keepAliveTimeout: 30_000,
  // SSE streams are long-lived: never time out a body because it is quiet (our own
  // idle timeout, re-armed by keep-alives, decides when a stream is dead).
  bodyTimeout: 0,
  headersTimeout: 0,
};

/** With a given proxy every socket goes to it: a failure to connect is the proxy's. */
function wrap(dispatcher: Dispatcher, network?: ResolvedNetwork): FetchLike {
  const proxyUrl = network?.proxy.mode === 'url' ? network.proxy.url : undefined;
  return ((input: string, init: RequestInit) => {
    const sent = undiciFetch(input, { ...(init as object), dispatcher } as Parameters<typeof undiciFetch>[1]);
    return (proxyUrl
      ? sent.catch((e: unknown) => {
          throw asProxyUnreachable(e, proxyUrl) ?? e;
        })
      : sent) as unknown as Promise<Response>;
  }) as FetchLike;
}

/** Graceful close waits for open requests; a stream someone forgot must not hold up quitting. */
async function closeDispatcher(dispatcher: Dispatcher): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const force = new Promise<void>((resolve) => {
    timer = setTimeout(() => void dispatcher.destroy().then(resolve, resolve), 2_000);
  });
  await Promise.race([dispatcher.close(), force]);
  clearTimeout(timer);
}

/**
 * "System" proxy where the host resolves proxies itself (Electron): each request asks the
 * resolver for its URL and goes out on the dispatcher for that answer (a given proxy, or
 * direct), kept like any other network's. PAC scripts can answer per URL, so nothing is cached here.
 */
function viaSystemResolver(f: NodeFetch, network: ResolvedNetwork): FetchLike {
  return (async (input: string, init: RequestInit) => {
    const choice = await resolveProxyFor(network.proxy, new URL(input));
    const proxy: ResolvedNetwork['proxy'] = choice ? { mode: 'url', url: choice.url } : { mode: 'none' };
    return f.forNetwork({ ...network, proxy })(input, init);
  }) as FetchLike;
}

export function createNodeFetch(options: NodeNetOptions = {}): NodeFetch {
  const n = options.network;
  if (n?.proxy.mode === 'system' && hasSystemProxyResolver()) {
    const inner = createNodeFetch({ ...options, network: { ...n, proxy: { mode: 'none' } } });
    return Object.assign(viaSystemResolver(inner, n), { close: inner.close, forNetwork: inner.forNetwork });
  }
  const dispatcher: Dispatcher =
    options.network && !isDirect(options.network)
      ? createDispatcher(options.network, BASE)
      : options.rejectUnauthorized === false
        ? new Agent({ ...BASE, connect: { rejectUnauthorized: false } })
        : createDirectDispatcher(BASE);
  const f = wrap(dispatcher, options.network) as NodeFetch;
  const others = new Map<string, { dispatcher: Dispatcher; fetch: FetchLike }>();
  f.forNetwork = (network) => {
    if (!network || isDirect(network)) return f;
    if (network.proxy.mode === 'system' && hasSystemProxyResolver()) return viaSystemResolver(f, network);
    const key = networkKey(network);
    let entry = others.get(key);
    if (!entry) {
      const d = createDispatcher(network, BASE);
      entry = { dispatcher: d, fetch: wrap(d, network) };
      others.set(key, entry);
    }
    return entry.fetch;
  };
  f.close = async () => {
    const all = [dispatcher, ...[...others.values()].map((o) => o.dispatcher)];
    others.clear();
    await Promise.all(all.map(closeDispatcher));
  };
  return f;
}

const wsOptions = (options: { headers: Record<string, string>; maxPayload: number }) => ({
  headers: options.headers,
  maxPayload: options.maxPayload,
  handshakeTimeout: 30_000,
});

export const nodeWebSocket: WebSocketFactory & {
  forNetwork(network: ResolvedNetwork | undefined): WebSocketFactory;
} = Object.assign(((url, options) => new WebSocket(url, wsOptions(options)) as unknown as WsLike) as WebSocketFactory, {
  forNetwork: createNodeWebSocket,
});

/** A WebSocket factory for an endpoint's network settings (the upgrade goes through its agent). */
export function createNodeWebSocket(network: ResolvedNetwork | undefined): WebSocketFactory {
  if (!network || isDirect(network)) return nodeWebSocket;
  const agent = new NetworkWsAgent(network);
  return (url, options) => new WebSocket(url, { ...wsOptions(options), agent }) as unknown as WsLike;
}

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
