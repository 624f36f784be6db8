/**
 * "Trust this certificate" (issue 15): when Test connection fails because the server's
 * certificate is self-signed, from a CA this machine does not know, or not the pinned one,
 * a second handshake (verification off, nothing written) reads the certificate so the
 * failure can show its subject, issuer, validity and SHA-256 fingerprint and offer to pin it.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import type { AgentProbe } from '../../shared/domain/app';
import { PINNABLE_VERIFY_ERRORS, sameFingerprint, type CertificateFacts } from '../../shared/domain/network';
import { failureInDetails } from '../../shared/errors/failure-class';
import { AppError } from '../../shared/util/result';
import type { ResolvedEndpoint } from '../endpoints/endpoint-repository';
import type { ResolvedNetwork } from './net-config';
import { resolveProxyFor, type ProxyChoice } from './net-proxy';
import type { TransportAuth } from './transport-options';

function nameOf(n: tls.Certificate | undefined): string {
  if (!n) return '';
  const cn = (n as unknown as Record<string, string | string[] | undefined>).CN;
  const first = Array.isArray(cn) ? cn[0] : cn;
  if (first) return n.O ? `${first} (${String(n.O)})` : first;
  return Object.entries(n)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');
}

function pemOf(raw: Buffer): string {
  const b64 = raw.toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN CERTIFICATE-----\n${b64.trim()}\n-----END CERTIFICATE-----\n`;
}

/**
 * A CONNECT tunnel to `host:port` through the proxy (credentials in Proxy-Authorization; an
 * https:// proxy trusted with the extra CA too), or null when the proxy refuses or fails.
 */
function tunnel(proxy: ProxyChoice, host: string, port: number, ca: string | undefined, timeoutMs: number) {
  return new Promise<Duplex | null>((resolve) => {
    const p = new URL(proxy.url);
    const secure = p.protocol === 'https:';
    const target = `${net.isIPv6(host) ? `[${host}]` : host}:${port}`;
    const options = {
      method: 'CONNECT',
      host: p.hostname.replace(/^\[|\]$/g, ''),
      port: Number(p.port) || (secure ? 443 : 80),
      path: target,
      headers: { host: target, ...(proxy.authorization ? { 'proxy-authorization': proxy.authorization } : {}) },
      timeout: timeoutMs,
      ...(secure && ca ? { ca: [...tls.rootCertificates, ca] } : {}),
    };
    const req = (secure ? https : http).request(options);
    req.once('connect', (res: http.IncomingMessage, socket: Duplex) => {
      if (res.statusCode === 200) return resolve(socket);
      socket.destroy();
      resolve(null);
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(null));
    req.end();
  });
}

/**
 * The certificate an https:// or wss:// server shows, with Node's verdict on it, read the way
 * the connection reaches the server: through its proxy's tunnel when it has one (so a
 * TLS-inspecting proxy's certificate is the one shown, as it is the one the connection gets).
 * Null when the URL is not TLS, the proxy refuses the tunnel, or the handshake fails.
 */
export async function peerCertificate(
  rawUrl: string,
  network: ResolvedNetwork | undefined,
  timeoutMs = 5_000,
): Promise<CertificateFacts | null> {
  const url = new URL(rawUrl);
  if (url.protocol !== 'https:' && url.protocol !== 'wss:') return null;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port) || 443;
  const ca = network?.tls.ca;
  const proxy = network ? await resolveProxyFor(network.proxy, url) : undefined;
  const through = proxy ? await tunnel(proxy, host, port, ca, timeoutMs) : undefined;
  if (through === null) return null;
  return new Promise((resolve) => {
    const socket = tls.connect({
      ...(through ? { socket: through } : { host, port }),
      ...(net.isIP(host) ? {} : { servername: host }),
      ...(ca ? { ca: [...tls.rootCertificates, ca] } : {}),
      rejectUnauthorized: false,
    });
    const done = (facts: CertificateFacts | null) => {
      clearTimeout(timer);
      socket.destroy();
      through?.destroy();
      resolve(facts);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    socket.once('error', () => done(null));
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate(false);
      if (!cert?.raw || !cert.fingerprint256) return done(null);
      const problem = socket.authorizationError ? String(socket.authorizationError) : undefined;
      done({
        subject: nameOf(cert.subject),
        issuer: nameOf(cert.issuer),
        validFrom: cert.valid_from,
        validTo: cert.valid_to,
        sha256: cert.fingerprint256.toUpperCase(),
        pem: pemOf(cert.raw),
        ...(problem ? { problem } : {}),
      });
    });
  });
}

/** Pinning would fix it: an unknown issuer, or a pin that no longer matches. */
export function pinnable(facts: CertificateFacts, pinnedSha256: string | undefined): boolean {
  if (pinnedSha256) return !sameFingerprint(pinnedSha256, facts.sha256);
  return facts.problem !== undefined && PINNABLE_VERIFY_ERRORS.has(facts.problem);
}

/**
 * Wraps the probe: a TLS failure that pinning would fix carries the server's certificate in
 * the error's `details.certificate` (beside the classified `failure`).
 */
export function withPeerCertificate(
  probe: (endpoint: ResolvedEndpoint, auth?: TransportAuth) => Promise<AgentProbe>,
): (endpoint: ResolvedEndpoint, auth?: TransportAuth) => Promise<AgentProbe> {
  return async (endpoint, auth) => {
    try {
      return await probe(endpoint, auth);
    } catch (e) {
      if (!(e instanceof AppError) || failureInDetails(e.details)?.kind !== 'tls') throw e;
      const facts = await peerCertificate(endpoint.url, endpoint.network).catch(() => null);
      if (!facts || !pinnable(facts, endpoint.network?.tls.pinnedSha256)) throw e;
      const details = typeof e.details === 'object' && e.details !== null ? e.details : {};
      throw new AppError(e.code, e.message, { ...details, certificate: facts });
    }
  };
}
