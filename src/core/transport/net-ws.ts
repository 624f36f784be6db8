/**
 * The WebSocket side of an endpoint's network settings: an http.Agent (agent-base) that opens
 * the upgrade's socket directly or through a CONNECT tunnel (https-proxy-agent), applies the
 * TLS settings, and hands the socket to `ws` only after the pin check, so the upgrade request
 * (headers, cookies) is never written to a server whose certificate changed.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { Duplex } from 'node:stream';
import type http from 'node:http';
import { Agent, type AgentConnectOpts } from 'agent-base';
import { HttpsProxyAgent } from 'https-proxy-agent';
import type { ResolvedNetwork } from './net-config';
import { resolveProxyFor } from './net-proxy';
import { pinError, tlsConnectOptions } from './net-tls';
import { asProxyTlsFailure, asProxyUnreachable } from './tls-errors';

export class NetworkWsAgent extends Agent {
  readonly #network: ResolvedNetwork;
  readonly #tunnels = new Map<string, HttpsProxyAgent<string>>();

  constructor(network: ResolvedNetwork) {
    super();
    this.#network = network;
  }

  override async connect(req: http.ClientRequest, opts: AgentConnectOpts): Promise<Duplex> {
    const secure = opts.secureEndpoint;
    const target = new URL(`${secure ? 'https' : 'http'}://${hostForUrl(opts.host ?? 'localhost')}:${opts.port}`);
    const tlsOpts = secure ? { ...opts, ...tlsConnectOptions(this.#network.tls) } : opts;
    const proxy = await resolveProxyFor(this.#network.proxy, target);
    let socket: Duplex;
    if (proxy) {
      // https-proxy-agent would replay a refused CONNECT as the upgrade's own answer (a 403 from
      // the proxy would read as the agent refusing credentials): make it the proxy's error.
      let status: number | undefined;
      req.once('proxyConnect', (c: { statusCode?: number }) => (status = c.statusCode));
      socket = await this.#tunnel(proxy.url, proxy.authorization)
        .connect(req, tlsOpts as AgentConnectOpts)
        .catch((e: unknown) => {
          // Until the tunnel stands every failure is the proxy's (the agent's TLS comes after).
          throw asProxyUnreachable(e, proxy.url) ?? asProxyTlsFailure(e, proxy.url) ?? e;
        });
      if (status !== undefined && status !== 200) {
        socket.destroy();
        throw new Error(`Proxy response (${status}) !== 200 when tunnelling the WebSocket`);
      }
    } else if (secure) {
      const host = opts.host ?? 'localhost';
      socket = tls.connect({ ...tlsOpts, ...(net.isIP(host) ? {} : { servername: host }) } as tls.ConnectionOptions);
    } else {
      socket = net.connect(opts as net.NetConnectOpts);
    }
    // Only the agent's TLS is waited for and pinned: for a ws:// agent behind an https:// proxy
    // the socket is the proxy's, its handshake long done.
    if (!secure) return socket;
    if (socket instanceof tls.TLSSocket) await handshake(socket);
    const mismatch = pinError(socket, this.#network.tls.pinnedSha256);
    if (mismatch) {
      socket.destroy();
      throw mismatch;
    }
    return socket;
  }

  #tunnel(url: string, authorization: string | undefined): HttpsProxyAgent<string> {
    let agent = this.#tunnels.get(url);
    if (!agent) {
      // Credentials go in a header, never in the URL, so no error or debug line can quote them.
      const ca = this.#network.tls.ca;
      agent = new HttpsProxyAgent(url, {
        ...(authorization ? { headers: { 'Proxy-Authorization': authorization } } : {}),
        // An https:// proxy is trusted with the extra CAs too (see net-undici.ts).
        ...(ca ? { ca: [...tls.rootCertificates, ca] } : {}),
      });
      this.#tunnels.set(url, agent);
    }
    return agent;
  }
}

function hostForUrl(host: string): string {
  return net.isIPv6(host) ? `[${host}]` : host;
}

/**
 * Resolves once the TLS handshake (and Node's own verification, unless pinned) is done; both
 * callers hand over a socket fresh from tls.connect, so 'secureConnect' is still to come.
 */
function handshake(socket: tls.TLSSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => {
      socket.off('secureConnect', onOk);
      reject(e);
    };
    const onOk = () => {
      socket.off('error', onError);
      resolve();
    };
    socket.once('secureConnect', onOk);
    socket.once('error', onError);
  });
}
