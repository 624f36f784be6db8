import { useId, useState } from 'react';
import type { SavedEndpoint } from '../../../shared/domain/endpoint';
import type { CertificateFacts } from '../../../shared/domain/network';
import { useAppStore } from '../../state/store-context';
import { Button } from '../../ui/Button';
import { draftFromForm, formFromEndpoint } from './editor/form-model';

/**
 * The certificate a failed Test connection saw, and "Trust this certificate": pinning its
 * SHA-256 fingerprint makes the endpoint trust exactly this certificate (and refuse any other).
 */
export function TrustCertificate({
  certificate,
  trusted,
  busy = false,
  error,
  onTrust,
  trustedText,
}: Readonly<{
  certificate: CertificateFacts;
  trusted: boolean;
  busy?: boolean;
  error?: string | null;
  onTrust: () => void;
  trustedText: string;
}>) {
  const id = useId();
  return (
    <section className="trust-cert" aria-labelledby={`${id}-title`} data-testid="trust-certificate">
      <h3 id={`${id}-title`} className="editor-section-title">
        The server’s certificate
      </h3>
      <dl className="trust-cert-facts">
        <dt>Subject</dt>
        <dd data-testid="cert-subject">{certificate.subject || '(none)'}</dd>
        <dt>Issuer</dt>
        <dd data-testid="cert-issuer">{certificate.issuer || '(none)'}</dd>
        <dt>Valid</dt>
        <dd data-testid="cert-validity">
          {certificate.validFrom} to {certificate.validTo}
        </dd>
        <dt>SHA-256</dt>
        <dd className="mono" data-testid="cert-sha256">
          {certificate.sha256}
        </dd>
      </dl>
      {trusted ? (
        <p className="field-hint" role="status" data-testid="trust-certificate-done">
          {trustedText}
        </p>
      ) : (
        <div className="trust-cert-actions">
          <Button
            size="sm"
            busy={busy}
            data-testid="trust-certificate-button"
            aria-describedby={`${id}-why`}
            onClick={onTrust}
          >
            Trust this certificate
          </Button>
          <p className="field-hint" id={`${id}-why`}>
            Only if you know this fingerprint is the server’s (ask its operator). A different certificate is then
            refused.
          </p>
        </div>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

/**
 * On the endpoint's page: trusting saves the pin right away (everything else as stored), then
 * tests again (or runs `retest`, e.g. Diagnose again).
 */
export function EndpointTrust({
  endpoint,
  certificate,
  retest,
}: Readonly<{ endpoint: SavedEndpoint; certificate: CertificateFacts; retest?: () => void }>) {
  const store = useAppStore();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const trusted = endpoint.network?.tls.pinnedSha256 === certificate.sha256;
  const trust = async () => {
    setBusy(true);
    setError(null);
    const form = formFromEndpoint(endpoint);
    const network = { ...form.network, pinnedSha256: certificate.sha256, pinnedPem: certificate.pem, present: true };
    const outcome = await store.commands.saveEndpoint(endpoint.id, draftFromForm({ ...form, network }).draft);
    setBusy(false);
    if (!outcome.ok) return setError(outcome.error.message);
    if (retest) retest();
    else await store.commands.testEndpoint(endpoint.id);
  };
  return (
    <TrustCertificate
      certificate={certificate}
      trusted={trusted}
      busy={busy}
      error={error}
      onTrust={() => void trust()}
      trustedText="Trusted: this endpoint now accepts exactly this certificate."
    />
  );
}
