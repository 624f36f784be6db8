/**
 * undici dispatchers for an endpoint's network settings: a direct Agent, a ProxyAgent for a
 * given proxy, or an EnvHttpProxyAgent for the environment's proxies. Through a proxy, an
 * https:// agent is reached through a CONNECT tunnel and an http:// one by plain forwarding
 * (absolute-URI requests), as curl and browsers do: proxies commonly allow CONNECT only to port
 * 443, and a plain-forwarding proxy passes a stream through as it arrives (one that holds a
 * response's headers until its first body byte delays a stream's opening until the agent's
 * first keep-alive). The WebSocket upgrade always tunnels (net-ws.ts).
 * TLS settings apply to the server behind the proxy; a pinned fingerprint is checked on every
 * new TLS connection before the request is written, tunnelled ones included.
 */
import tlsModule from 'node:tls';
import { Agent, buildConnector, EnvHttpProxyAgent, Pool, ProxyAgent, type Dispatcher } from 'undici';
import { DIRECT, type ResolvedNetwork } from './net-config';
import { proxyAuthorization, systemNoProxy } from './net-proxy';
import { pinError, tlsConnectOptions } from './net-tls';
import { asProxyTlsFailure } from './tls-errors';

/** The connection to an https:// proxy: its TLS failures are named as the proxy's. */
function proxyClient(proxyUrl: string) {
  return (origin: URL, opts: object) => {
    const connect = (opts as { connect: Connector }).connect;
    const named: Connector = (o, callback) =>
      connect(o, (err, socket) =>
        err ? callback(asProxyTlsFailure(err, proxyUrl) ?? err, null) : callback(null, socket!),
      );
    return new Pool(origin, { ...(opts as Pool.Options), connect: named });
  };
}

/** The options every dispatcher of ours shares (socket limits, timeouts, ALPN). */
export type BaseAgentOptions = Agent.Options & { readonly allowH2?: boolean };

type Connector = buildConnector.connector;

/**
 * Every socket a connector makes: the pin checked before undici writes to it, and a TLS alert
 * after the handshake kept as the socket's error. With TLS 1.3 a server refuses a missing
 * client certificate only after the client's first write, then closes; undici would report
 * the close ("other side closed") and drop the alert that says why.
 */
function guarded(connect: Connector, pin: string | undefined): Connector {
  return (opts, callback) =>
    connect(opts, (err, socket) => {
      if (err || !socket) return callback(err ?? new Error('no socket'), null);
      // An http:// origin's socket may be an https:// proxy's: the pin is the agent's.
      const mismatch = opts.protocol === 'https:' ? pinError(socket, pin) : undefined;
      if (mismatch) {
        socket.destroy();
        return callback(mismatch, null);
      }
      if (socket instanceof tlsModule.TLSSocket)
        socket.on('error', (e: Error & { code?: unknown }) => {
          if (typeof e.code === 'string' && e.code.startsWith('ERR_SSL_') && !socket.destroyed) socket.destroy(e);
        });
      callback(null, socket);
    });
}

export function createDispatcher(network: ResolvedNetwork, base: BaseAgentOptions): Dispatcher {
  const pin = network.tls.pinnedSha256;
  // A resumed TLS session shows no peer certificate to check the pin against: none are cached.
  const tls = { ...tlsConnectOptions(network.tls), ...(pin ? { maxCachedSessions: 0 } : {}) };
  // The TLS session inside a tunnel offers h2 through ALPN like a direct one.
  const tunnelTls = { ...tls, allowH2: base.allowH2 ?? false };
  // An https:// proxy is verified as usual, trusting the extra CAs too (a company's proxy is
  // often signed by the same private CA); the pin and client certificate are the agent's.
  const proxyTls = network.tls.ca ? { proxyTls: { ca: [...tlsModule.rootCertificates, network.tls.ca] } } : {};
  const direct = guarded(buildConnector({ ...tls, allowH2: base.allowH2 ?? false, timeout: 10_000 }), pin);
  // ProxyAgent hands its per-origin pools a tunnelling connector: guard that one too. Its
  // plain-forwarding pool (to the proxy itself) is built with only a connector: the base
  // options (no body timeout on a quiet stream, keep-alive) apply to it as to every pool.
  const factory = (origin: string | URL, opts: object) => {
    const o = opts as { connect?: unknown };
    const connect = typeof o.connect === 'function' ? guarded(o.connect as Connector, pin) : o.connect;
    return new Pool(origin, { ...base, ...(opts as Pool.Options), connect } as Pool.Options);
  };
  const p = network.proxy;
  if (p.mode === 'url') {
    const token = proxyAuthorization(p);
    return new ProxyAgent({
      ...base,
      uri: p.url,
      proxyTunnel: false,
      ...(token ? { token } : {}),
      requestTls: tunnelTls,
      ...proxyTls,
      factory,
      clientFactory: proxyClient(p.url),
    });
  }
  if (p.mode === 'system')
    return new EnvHttpProxyAgent({
      ...base,
      noProxy: systemNoProxy(),
      proxyTunnel: false,
      connect: direct,
      requestTls: tunnelTls,
      ...proxyTls,
      factory,
    } as EnvHttpProxyAgent.Options);
  return new Agent({ ...base, connect: direct });
}

/** The default stack's dispatcher: direct, system trust, with the same TLS alert handling. */
export function createDirectDispatcher(base: BaseAgentOptions): Dispatcher {
  return createDispatcher(DIRECT, base);
}
