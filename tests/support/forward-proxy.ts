/**
 * A real forward proxy (the `proxy` package) on 127.0.0.1 for the network tests: plain
 * forwarding of absolute-URI requests and CONNECT tunnels, optional basic authentication, an
 * optional made-up host name that reaches 127.0.0.1 (there is no DNS here), and a switch that
 * drops every client connection at once (a proxy restarting, a middlebox's idle timeout).
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { createProxy } from 'proxy';

export interface ForwardProxy {
  readonly url: string;
  /** Targets of the CONNECT requests it received, in order. */
  readonly connects: string[];
  /** The requests it forwarded (plain forwarding), as `METHOD absolute-uri`. */
  readonly forwarded: string[];
  /** How many requests it refused with 407. */
  refused: number;
  /** Streams (plain-forwarded GETs) and tunnels it has carried so far. */
  carried(): number;
  /**
   * Closes every client connection, tunnels and forwarded streams alike, both ways, so the
   * agent lets go of its streams too.
   */
  dropConnections(): void;
  close(): Promise<void>;
}

export interface ForwardProxyOptions {
  readonly auth?: { readonly username: string; readonly password: string };
  readonly alias?: string;
  readonly tls?: https.ServerOptions;
}

export async function startForwardProxy(opts: ForwardProxyOptions = {}): Promise<ForwardProxy> {
  const server = opts.tls ? https.createServer(opts.tls) : http.createServer();
  // Client connections: plain ones are destroyed (the proxy then aborts its request to the
  // agent); a tunnel is ended, which the pipe carries on to the agent's side, so the agent
  // lets go of it too (a destroyed tunnel would leave the agent's socket open).
  const plain = new Set<Duplex>();
  const tunnels = new Set<Duplex>();
  const track = (set: Set<Duplex>, socket: Duplex) => {
    set.add(socket);
    socket.on('close', () => set.delete(socket));
  };
  const state: ForwardProxy = {
    url: '',
    connects: [],
    forwarded: [],
    refused: 0,
    carried: () => state.connects.length + state.forwarded.filter((r) => r.startsWith('GET ')).length,
    dropConnections: () => {
      for (const t of tunnels) t.end();
      tunnels.clear();
      for (const s of plain) if (!s.destroyed) s.destroy();
      plain.clear();
    },
    close: () =>
      new Promise<void>((r) => {
        state.dropConnections();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
  server.prependListener('request', (req: http.IncomingMessage) => track(plain, req.socket));
  server.prependListener('connect', (req: http.IncomingMessage, socket: Duplex) => {
    track(tunnels, socket);
    state.connects.push(req.url ?? '');
    if (opts.alias && req.url?.startsWith(`${opts.alias}:`)) req.url = req.url.replace(opts.alias, '127.0.0.1');
  });
  server.prependListener('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    state.forwarded.push(`${req.method} ${req.url}`);
    if (opts.alias) req.url = req.url?.replace(`//${opts.alias}:`, '//127.0.0.1:');
    // Forward a response's headers as they arrive, as squid and other proxies do (the `proxy`
    // package holds them until the first body byte, so a stream would open only at the
    // agent's first keep-alive).
    const writeHead = res.writeHead.bind(res) as (...a: unknown[]) => http.ServerResponse;
    res.writeHead = ((...a: unknown[]) => {
      const out = writeHead(...a);
      res.flushHeaders();
      return out;
    }) as typeof res.writeHead;
  });
  const proxy = createProxy(server);
  const auth = opts.auth;
  if (auth) {
    const expected = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
    proxy.authenticate = (req) => {
      const ok = req.headers['proxy-authorization'] === expected;
      if (!ok) state.refused++;
      return ok;
    };
  }
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  (state as { url: string }).url =
    `${opts.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
