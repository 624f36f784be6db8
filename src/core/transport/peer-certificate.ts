/**
 * "Trust this certificate" (issue 15): when Test connection fails because the server's
 * certificate is self-signed, from a CA this machine does not know, or not the pinned one,
 * a second handshake (verification off, nothing written) reads the certificate so the
 * failure can show its subject, issuer, validity and SHA-256 fingerprint and offer to pin it.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { AgentProbe } from '../../shared/domain/app';
import { PINNABLE_VERIFY_ERRORS, sameFingerprint, type CertificateFacts } from '../../shared/domain/network';
import { failureInDetails } from '../../shared/errors/failure-class';
import { AppError } from '../../shared/util/result';
import type { ResolvedEndpoint } from '../endpoints/endpoint-repository';
import type { ResolvedNetwork } from './net-config';

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
 * The certificate an https:// or wss:// server shows, with Node's verdict on it; null when
 * the URL is not TLS, the handshake fails, or a configured proxy stands in the way (the
 * certificate seen directly might not be the one the proxied connection gets).
 */
export function peerCertificate(
  rawUrl: string,
  network: ResolvedNetwork | undefined,
  timeoutMs = 5_000,
): Promise<CertificateFacts | null> {
  const url = new URL(rawUrl);
  if (url.protocol !== 'https:' && url.protocol !== 'wss:') return Promise.resolve(null);
  if (network?.proxy.mode === 'url') return Promise.resolve(null);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const ca = network?.tls.ca;
  return new Promise((resolve) => {
    const socket = tls.connect({
      host,
      port: Number(url.port) || 443,
      ...(net.isIP(host) ? {} : { servername: host }),
      ...(ca ? { ca: [...tls.rootCertificates, ca] } : {}),
      rejectUnauthorized: false,
    });
    const done = (facts: CertificateFacts | null) => {
      clearTimeout(timer);
      socket.destroy();
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
  probe: (endpoint: ResolvedEndpoint) => Promise<AgentProbe>,
): (endpoint: ResolvedEndpoint) => Promise<AgentProbe> {
  return async (endpoint) => {
    try {
      return await probe(endpoint);
    } catch (e) {
      if (!(e instanceof AppError) || failureInDetails(e.details)?.kind !== 'tls') throw e;
      const facts = await peerCertificate(endpoint.url, endpoint.network).catch(() => null);
      if (!facts || !pinnable(facts, endpoint.network?.tls.pinnedSha256)) throw e;
      const details = typeof e.details === 'object' && e.details !== null ? e.details : {};
      throw new AppError(e.code, e.message, { ...details, certificate: facts });
    }
  };
}
