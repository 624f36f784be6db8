import type { CertificateFacts } from '../../../../shared/domain/network';
import { TrustCertificate } from '../TrustCertificate';
import type { EndpointFormApi } from './use-endpoint-form';

/** In the editor: trusting pins the fingerprint into the form; Test connection then tests with it, Save keeps it. */
export function EditorTrust({ certificate, api }: Readonly<{ certificate: CertificateFacts; api: EndpointFormApi }>) {
  return (
    <TrustCertificate
      certificate={certificate}
      trusted={api.form.network.pinnedSha256 === certificate.sha256}
      onTrust={() => api.setNetwork({ pinnedSha256: certificate.sha256, pinnedPem: certificate.pem })}
      trustedText="Trusted in the Network settings. Test connection again; Save keeps it."
    />
  );
}
