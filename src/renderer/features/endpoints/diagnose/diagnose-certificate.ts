/**
 * The server certificate a Diagnose run's TLS step found, when pinning it would fix the
 * failure (self-signed, unknown issuer, or no longer the pinned one): the doctor's evidence
 * (core/doctor/network.ts) as CertificateFacts for "Trust this certificate". Pure.
 */
import type { CertificateFacts } from '../../../../shared/domain/network';
import { fingerprintSchema, PINNABLE_VERIFY_ERRORS } from '../../../../shared/domain/network';
import type { ProbeReport } from '../../../../shared/domain/probe-report';

const text = (v: unknown) => (typeof v === 'string' ? v : '');

export function diagnoseCertificate(report: ProbeReport): CertificateFacts | null {
  const step = report.steps.find((s) => s.id === 'tls');
  if (!step || step.verdict !== 'fail') return null;
  const e = step.evidence;
  const sha = fingerprintSchema.safeParse(e.fingerprintSha256);
  if (!sha.success) return null;
  const verification = text(e.verification);
  const pinned = text(e.pinnedSha256);
  const pinnable = pinned ? pinned.toUpperCase() !== sha.data : PINNABLE_VERIFY_ERRORS.has(verification);
  if (!pinnable) return null;
  return {
    subject: text(e.subject),
    issuer: text(e.issuer),
    validFrom: text(e.validFrom),
    validTo: text(e.validTo),
    sha256: sha.data,
    // The doctor does not keep the certificate itself; the fingerprint is what the pin checks.
    pem: '',
    ...(verification && verification !== 'ok' ? { problem: verification } : {}),
  };
}
