import { useId, useState } from 'react';
import { PROXY_MODES, type ProxyMode } from '../../../../shared/domain/network';
import { Glyph } from '../../chat/icons';
import { Field, messageProps } from './Field';
import { fileToBase64, networkSummary, type ClientCertKind } from './network-form';
import { SecretField } from './SecretField';
import type { EndpointFormApi } from './use-endpoint-form';

const PROXY_LABEL: Readonly<Record<ProxyMode, string>> = {
  none: 'No proxy',
  system: 'System proxy',
  url: 'This proxy',
};

const CLIENT_LABEL: Readonly<Record<ClientCertKind, string>> = {
  none: 'None',
  pem: 'PEM certificate and key',
  pkcs12: 'PKCS#12 file',
};

/**
 * The Network section: proxy, extra CAs, the pinned certificate and the client certificate.
 * Collapsed to a one-line summary until opened (or until one of its fields has an error, so
 * saving can focus it).
 */
export function NetworkFields({ api }: Readonly<{ api: EndpointFormApi }>) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const n = api.form.network;
  const hasError = Object.keys(api.errors).some((k) => k.startsWith('network.'));
  const expanded = open || hasError;
  return (
    <div className="network-fields">
      <button
        type="button"
        className="disclosure network-toggle"
        aria-expanded={expanded}
        aria-controls={`${id}-body`}
        data-testid="network-toggle"
        onClick={() => setOpen(!expanded)}
      >
        <Glyph name="chevron" className="disclosure-chevron" />
        <span data-testid="network-summary">{networkSummary(n)}</span>
      </button>
      {expanded && (
        <div id={`${id}-body`} className="network-body">
          <ProxyFields api={api} />
          <TlsFields api={api} />
        </div>
      )}
    </div>
  );
}

function ProxyFields({ api }: Readonly<{ api: EndpointFormApi }>) {
  const id = useId();
  const { errors } = api;
  const n = api.form.network;
  return (
    <fieldset className="network-group">
      <legend className="network-legend">Proxy</legend>
      <Field
        id={`${id}-mode`}
        label="Proxy"
        hint="System proxy: this machine's proxy settings (HTTPS_PROXY and NO_PROXY outside the desktop app)."
      >
        <select
          id={`${id}-mode`}
          className="input select"
          data-testid="network-proxy-mode"
          value={n.proxyMode}
          onChange={(e) => api.setNetwork({ proxyMode: e.target.value as ProxyMode })}
          {...messageProps(`${id}-mode`, undefined, 'hint')}
        >
          {PROXY_MODES.map((m) => (
            <option key={m} value={m}>
              {PROXY_LABEL[m]}
            </option>
          ))}
        </select>
      </Field>
      {n.proxyMode === 'url' && (
        <>
          <Field
            id={`${id}-url`}
            label="Proxy URL"
            error={errors['network.proxy.url']}
            errorTestId="network-proxy-url-error"
          >
            <input
              id={`${id}-url`}
              className="input mono"
              data-testid="network-proxy-url"
              inputMode="url"
              value={n.proxyUrl}
              spellCheck={false}
              autoComplete="off"
              placeholder="http://proxy.example.com:3128"
              onChange={(e) => api.setNetwork({ proxyUrl: e.target.value })}
              {...messageProps(`${id}-url`, errors['network.proxy.url'], null)}
            />
          </Field>
          <Field id={`${id}-user`} label="Proxy user" hint="Leave empty if the proxy asks for no credentials.">
            <input
              id={`${id}-user`}
              className="input"
              data-testid="network-proxy-username"
              value={n.proxyUsername}
              spellCheck={false}
              autoComplete="off"
              onChange={(e) => api.setNetwork({ proxyUsername: e.target.value })}
              {...messageProps(`${id}-user`, undefined, 'hint')}
            />
          </Field>
          <SecretField
            label="Proxy password"
            testId="network-proxy-password"
            state={n.proxyPassword}
            onChange={(proxyPassword) => api.setNetwork({ proxyPassword })}
          />
        </>
      )}
    </fieldset>
  );
}

function TlsFields({ api }: Readonly<{ api: EndpointFormApi }>) {
  const id = useId();
  const { errors } = api;
  const n = api.form.network;
  return (
    <fieldset className="network-group">
      <legend className="network-legend">TLS</legend>
      <Field
        id={`${id}-ca`}
        label="Extra CA certificates"
        error={errors['network.tls.caPem']}
        errorTestId="network-ca-error"
        hint="PEM, one or more blocks. Trusted for this endpoint in addition to the system's certificate authorities."
      >
        <textarea
          id={`${id}-ca`}
          className="input textarea mono"
          data-testid="network-ca-pem"
          rows={4}
          value={n.caPem}
          spellCheck={false}
          placeholder="-----BEGIN CERTIFICATE-----"
          onChange={(e) => api.setNetwork({ caPem: e.target.value })}
          {...messageProps(`${id}-ca`, errors['network.tls.caPem'], 'hint')}
        />
      </Field>
      <PinnedField api={api} />
      <Field id={`${id}-client`} label="Client certificate" hint="For servers that require mutual TLS.">
        <select
          id={`${id}-client`}
          className="input select"
          data-testid="network-client-kind"
          value={n.clientKind}
          onChange={(e) => api.setNetwork({ clientKind: e.target.value as ClientCertKind })}
          {...messageProps(`${id}-client`, undefined, 'hint')}
        >
          {(Object.keys(CLIENT_LABEL) as ClientCertKind[]).map((k) => (
            <option key={k} value={k}>
              {CLIENT_LABEL[k]}
            </option>
          ))}
        </select>
      </Field>
      {n.clientKind === 'pem' && <PemClientFields api={api} />}
      {n.clientKind === 'pkcs12' && <Pkcs12Field api={api} />}
      {n.clientKind !== 'none' && (
        <SecretField
          label="Passphrase"
          testId="network-passphrase"
          hint={n.clientKind === 'pem' ? 'Only for an encrypted key.' : 'Leave empty if the file has none.'}
          state={n.passphrase}
          onChange={(passphrase) => api.setNetwork({ passphrase })}
        />
      )}
    </fieldset>
  );
}

function PinnedField({ api }: Readonly<{ api: EndpointFormApi }>) {
  const id = useId();
  const n = api.form.network;
  return (
    <div className="field">
      <span className="field-label" id={`${id}-label`}>
        Trusted certificate
      </span>
      <div className="field-control">
        {n.pinnedSha256 ? (
          <div className="network-pin" role="group" aria-labelledby={`${id}-label`}>
            <code className="mono network-fingerprint" data-testid="network-pinned-sha256">
              SHA-256 {n.pinnedSha256}
            </code>
            <button
              type="button"
              className="link-btn"
              data-testid="network-pin-forget"
              aria-label="Forget the trusted certificate"
              onClick={() => api.setNetwork({ pinnedSha256: '', pinnedPem: '' })}
            >
              Forget
            </button>
          </div>
        ) : (
          <p className="field-hint" data-testid="network-pin-none">
            None. When Test connection finds a self-signed certificate, you can trust it there.
          </p>
        )}
      </div>
    </div>
  );
}

function PemClientFields({ api }: Readonly<{ api: EndpointFormApi }>) {
  const id = useId();
  const { errors } = api;
  const n = api.form.network;
  return (
    <>
      <Field
        id={`${id}-cert`}
        label="Certificate (PEM)"
        error={errors['network.tls.clientCertPem']}
        errorTestId="network-client-cert-error"
      >
        <textarea
          id={`${id}-cert`}
          className="input textarea mono"
          data-testid="network-client-cert-pem"
          rows={4}
          value={n.clientCertPem}
          spellCheck={false}
          placeholder="-----BEGIN CERTIFICATE-----"
          onChange={(e) => api.setNetwork({ clientCertPem: e.target.value })}
          {...messageProps(`${id}-cert`, errors['network.tls.clientCertPem'], null)}
        />
      </Field>
      <SecretField
        label="Private key (PEM)"
        testId="network-client-key"
        multiline
        error={errors['network.tls.clientKeyPem']}
        state={n.clientKey}
        onChange={(clientKey) => api.setNetwork({ clientKey })}
      />
    </>
  );
}

function Pkcs12Field({ api }: Readonly<{ api: EndpointFormApi }>) {
  const id = useId();
  const n = api.form.network;
  const error = api.errors['network.tls.pfxBase64'];
  const [readError, setReadError] = useState<string | null>(null);
  const shownError = readError ?? error;
  const choose = async (file: File | undefined) => {
    if (!file) return;
    try {
      const value = await fileToBase64(file);
      setReadError(null);
      api.setNetwork({ pfx: { ...n.pfx, value, remove: false }, pfxFileName: file.name });
    } catch {
      setReadError('The file could not be read. Choose it again.');
    }
  };
  const status: string | null = n.pfx.value
    ? `${n.pfxFileName || 'A file'} chosen; it is stored encrypted when you save.`
    : n.pfx.stored && !n.pfx.remove
      ? 'A PKCS#12 file is stored (encrypted). Choose another to replace it.'
      : null;
  return (
    <Field id={`${id}-pfx`} label="PKCS#12 file" error={shownError ?? undefined} errorTestId="network-pfx-error">
      <input
        id={`${id}-pfx`}
        type="file"
        className="input"
        data-testid="network-pfx-file"
        accept=".p12,.pfx,application/x-pkcs12"
        onChange={(e) => void choose(e.target.files?.[0])}
        {...messageProps(`${id}-pfx`, shownError ?? undefined, status)}
      />
      {status && !shownError && (
        <p className="field-hint" id={`${id}-pfx-note`} data-testid="network-pfx-status">
          {status}
        </p>
      )}
    </Field>
  );
}
