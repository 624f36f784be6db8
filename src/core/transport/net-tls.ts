/**
 * TLS options for one endpoint's network settings, shared by undici (HTTP/SSE) and `ws`.
 * Extra CAs are trusted in addition to the bundled roots (Node's `ca` replaces them otherwise).
 * A pinned certificate is checked by its SHA-256 fingerprint once the handshake is done and
 * before any byte of the request is written: a changed certificate is refused with both
 * fingerprints, whoever signed it. Pinning means "trust exactly this certificate", so chain
 * and host name checks are left to the pin (a self-signed server is the usual case).
 */
import tls from 'node:tls';
import type { ResolvedNetwork } from './net-config';
import { CertificatePinError } from './tls-errors';
import { sameFingerprint } from '../../shared/domain/network';

type Tls = ResolvedNetwork['tls'];

/** Options for `tls.connect` (undici's `connect`/`requestTls`, `ws`). */
export function tlsConnectOptions(t: Tls): tls.ConnectionOptions {
  const out: tls.ConnectionOptions = {};
  if (t.ca) out.ca = [...tls.rootCertificates, t.ca];
  if (t.pfx) {
    out.pfx = t.pfx;
    if (t.passphrase) out.passphrase = t.passphrase;
  } else if (t.cert && t.key) {
    out.cert = t.cert;
    out.key = t.key;
    if (t.passphrase) out.passphrase = t.passphrase;
  }
  // The pin check below replaces chain and name verification.
  if (t.pinnedSha256) out.rejectUnauthorized = false;
  return out;
}

/** The pinned-fingerprint check on a connected TLS socket; undefined when it passes. */
export function pinError(socket: unknown, pinnedSha256: string | undefined): CertificatePinError | undefined {
  if (!pinnedSha256 || !(socket instanceof tls.TLSSocket)) return undefined;
  const got = socket.getPeerCertificate()?.fingerprint256 ?? '(no certificate)';
  return sameFingerprint(got, pinnedSha256) ? undefined : new CertificatePinError(pinnedSha256, got);
}
