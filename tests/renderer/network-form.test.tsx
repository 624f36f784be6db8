/**
 * The endpoint editor's Network section against the fake bridge: each proxy mode saves the
 * draft networkDraftSchema expects, write-only secrets are never shown back and are kept when
 * untouched, bad PEM gets a sentence tied to its field, a PKCS#12 file becomes base64.
 */
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleEndpoint, sampleEndpoints, sampleProbe } from '../../src/renderer/bridge/fake-data';
import { sampleProbeReport } from '../../src/renderer/bridge/fake-probe-report';
import type { ProbeReport } from '../../src/shared/domain/probe-report';
import type { EndpointDraft } from '../../src/shared/domain/endpoint';
import { networkDraftSchema, type NetworkView } from '../../src/shared/domain/network';
import { err, ok } from '../../src/shared/util/result';
import type { SavedEndpoint } from '../../src/shared/domain/endpoint';
import { renderApp } from './render-app';

afterEach(cleanup);

const CERT = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2VydA==\n-----END CERTIFICATE-----';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----';
const PROXY_PW = 'proxy-pw-never-shown-7q';
const PIN = Array.from({ length: 32 }, (_, i) => (i * 7).toString(16).padStart(2, '0').toUpperCase()).join(':');

const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });

function storedNetwork(): NetworkView {
  return {
    proxy: { mode: 'url', url: 'http://proxy.corp.example:3128', username: 'me', hasPassword: true },
    tls: {
      caPem: CERT,
      pinnedPem: '',
      pinnedSha256: PIN,
      clientCertPem: CERT,
      hasClientKey: true,
      hasPfx: false,
      hasPassphrase: true,
    },
  };
}

function endpointsWithNetwork() {
  return [
    ...sampleEndpoints(),
    sampleEndpoint({ id: 'corp', name: 'Corp agent', url: 'https://agent.corp.example/acp', network: storedNetwork() }),
  ];
}

async function openNew() {
  const rendered = renderApp();
  fireEvent.click(await screen.findByTestId('add-endpoint'));
  await screen.findByTestId('endpoint-editor');
  type('endpoint-name-input', 'Net');
  type('endpoint-url-input', 'https://agent.example.com/acp');
  return rendered;
}

async function openEditorOf(name: string) {
  const rendered = renderApp({ endpoints: endpointsWithNetwork() });
  const item = (await screen.findAllByTestId('endpoint-item')).find((el) => el.dataset.endpointName === name)!;
  fireEvent.click(item);
  fireEvent.click(await screen.findByTestId('endpoint-edit'));
  await screen.findByTestId('endpoint-editor');
  return rendered;
}

const openNetwork = () => {
  const toggle = screen.getByTestId('network-toggle');
  expect(toggle.getAttribute('aria-expanded')).toBe('false');
  fireEvent.click(toggle);
  expect(toggle.getAttribute('aria-expanded')).toBe('true');
};

async function saveAndGetDraft(bridge: ReturnType<typeof renderApp>['bridge']): Promise<EndpointDraft> {
  fireEvent.click(screen.getByTestId('endpoint-save'));
  await screen.findByTestId('endpoint-details');
  const calls = bridge.fake.callsTo('endpoints:save') as { draft: EndpointDraft }[];
  return calls.at(-1)!.draft;
}

describe('endpoint editor: Network section', () => {
  it('is collapsed to a one-line summary, and a new endpoint without network edits sends no network', async () => {
    const { bridge } = await openNew();
    expect(screen.getByTestId('network-summary').textContent).toBe('No proxy');
    expect(screen.queryByTestId('network-proxy-mode')).toBeNull();
    const draft = await saveAndGetDraft(bridge);
    expect(draft.network).toBeUndefined();
  });

  it('saves each proxy mode as networkDraftSchema expects', async () => {
    const { bridge } = await openNew();
    openNetwork();
    type('network-proxy-mode', 'system');
    expect(screen.getByTestId('network-summary').textContent).toBe('System proxy');
    const system = await saveAndGetDraft(bridge);
    expect(system.network?.proxy).toEqual({ mode: 'system', url: '', username: '' });
    expect(networkDraftSchema.safeParse(system.network).success).toBe(true);

    fireEvent.click(screen.getByTestId('endpoint-edit'));
    await screen.findByTestId('endpoint-editor');
    openNetwork();
    type('network-proxy-mode', 'url');
    type('network-proxy-url', 'ftp://proxy');
    expect(screen.getByTestId('network-proxy-url-error').textContent).toBe(
      'The proxy URL must start with http:// or https://',
    );
    type('network-proxy-url', 'http://proxy.example.com:3128');
    type('network-proxy-username', 'alice');
    const pw = screen.getByTestId('network-proxy-password') as HTMLInputElement;
    expect(pw.type).toBe('password');
    fireEvent.change(pw, { target: { value: PROXY_PW } });
    expect(document.body.innerHTML).not.toContain(PROXY_PW);
    expect(screen.getByTestId('network-summary').textContent).toBe('Proxy proxy.example.com:3128');
    const url = await saveAndGetDraft(bridge);
    expect(url.network?.proxy).toEqual({
      mode: 'url',
      url: 'http://proxy.example.com:3128',
      username: 'alice',
      password: PROXY_PW,
    });
    expect(networkDraftSchema.safeParse(url.network).success).toBe(true);

    // Back to no proxy: the stored password goes with it.
    fireEvent.click(screen.getByTestId('endpoint-edit'));
    await screen.findByTestId('endpoint-editor');
    expect(document.body.innerHTML).not.toContain(PROXY_PW);
    openNetwork();
    expect(screen.getByTestId('network-proxy-password-stored')).toBeTruthy();
    type('network-proxy-mode', 'none');
    const none = await saveAndGetDraft(bridge);
    expect(none.network?.proxy).toEqual({ mode: 'none', url: '', username: '', password: '' });
  });

  it('never shows stored secrets and keeps them when untouched', async () => {
    const { bridge } = await openEditorOf('Corp agent');
    expect(screen.getByTestId('network-summary').textContent).toBe(
      'Proxy proxy.corp.example:3128 · private CA · pinned certificate · client certificate',
    );
    openNetwork();
    expect(screen.getByTestId('network-proxy-password-stored').textContent).toContain('••• stored');
    expect(screen.getByTestId('network-client-key-stored')).toBeTruthy();
    expect(screen.getByTestId('network-passphrase-stored')).toBeTruthy();
    expect(screen.getByTestId('network-pinned-sha256').textContent).toContain(PIN);
    type('endpoint-name-input', 'Corp agent 2');
    // An unsaved draft is tested without the stored secrets, and the editor says so.
    expect(screen.getByText(/Stored secret values are not sent with unsaved settings/)).toBeTruthy();
    const draft = await saveAndGetDraft(bridge);
    expect(draft.network).toEqual({
      proxy: { mode: 'url', url: 'http://proxy.corp.example:3128', username: 'me' },
      tls: { caPem: CERT, pinnedPem: '', pinnedSha256: PIN, clientCertPem: CERT },
    });
  });

  it('replaces one secret, removes another, and forgets the pin', async () => {
    const { bridge } = await openEditorOf('Corp agent');
    openNetwork();
    fireEvent.click(screen.getByRole('button', { name: 'Replace the stored private key (pem)' }));
    type('network-client-key', KEY);
    fireEvent.click(screen.getByRole('button', { name: 'Remove the stored passphrase' }));
    expect(screen.getByTestId('network-passphrase-removed')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Forget the trusted certificate' }));
    expect(screen.getByTestId('network-pin-none')).toBeTruthy();
    const draft = await saveAndGetDraft(bridge);
    expect(draft.network?.tls).toEqual({
      caPem: CERT,
      pinnedPem: '',
      pinnedSha256: '',
      clientCertPem: CERT,
      clientKeyPem: KEY,
      passphrase: '',
    });
    expect(document.body.innerHTML).not.toContain('MIGHAgEAMBMGByqGSM49');
  });

  it('explains bad PEM in a sentence tied to the field, and does not save it', async () => {
    const { bridge } = await openNew();
    openNetwork();
    type('network-ca-pem', 'not a certificate');
    const error = screen.getByTestId('network-ca-error');
    expect(error.textContent).toBe(
      'This is not PEM text. Paste the certificates as text starting with -----BEGIN CERTIFICATE-----.',
    );
    const field = screen.getByTestId('network-ca-pem');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(field.getAttribute('aria-describedby')).toBe(error.id);
    type('network-ca-pem', `${CERT}\ntrailing words`);
    expect(screen.getByTestId('network-ca-error').textContent).toContain('text outside the PEM blocks');
    type('network-ca-pem', KEY);
    expect(screen.getByTestId('network-ca-error').textContent).toBe('This is a PRIVATE KEY block, not a certificate.');

    fireEvent.click(screen.getByTestId('endpoint-save'));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('network-ca-pem')));
    expect(bridge.fake.callsTo('endpoints:save')).toEqual([]);

    type('network-ca-pem', `# Private CA\nsubject=CN = Corp CA\n${CERT}\n${CERT}`);
    expect(screen.queryByTestId('network-ca-error')).toBeNull();
    type('network-ca-pem', `${CERT}\n${CERT}`);
    expect(screen.queryByTestId('network-ca-error')).toBeNull();
    const draft = await saveAndGetDraft(bridge);
    expect(draft.network?.tls?.caPem).toBe(`${CERT}\n${CERT}`);
  });

  it('reads a PKCS#12 file as base64, keeps it write-only, and asks for it when missing', async () => {
    const { bridge } = await openNew();
    openNetwork();
    type('network-client-kind', 'pkcs12');
    fireEvent.click(screen.getByTestId('endpoint-save'));
    expect((await screen.findByTestId('network-pfx-error')).textContent).toBe(
      'Choose the PKCS#12 file (.p12 or .pfx).',
    );
    expect(bridge.fake.callsTo('endpoints:save')).toEqual([]);

    const bytes = new Uint8Array([0x30, 0x82, 0x01, 0xff, 0x00, 0x10, 0x7f, 0x80]);
    const file = new File([bytes], 'client.p12', { type: 'application/x-pkcs12' });
    fireEvent.change(screen.getByTestId('network-pfx-file'), { target: { files: [file] } });
    expect((await screen.findByTestId('network-pfx-status')).textContent).toContain('client.p12 chosen');
    type('network-passphrase', 'p12-pass');
    const b64 = Buffer.from(bytes).toString('base64');
    const draft = await saveAndGetDraft(bridge);
    expect(draft.network?.tls).toMatchObject({ clientCertPem: '', pfxBase64: b64, passphrase: 'p12-pass' });
    expect(networkDraftSchema.safeParse(draft.network).success).toBe(true);

    fireEvent.click(screen.getByTestId('endpoint-edit'));
    await screen.findByTestId('endpoint-editor');
    expect(screen.getByTestId('network-summary').textContent).toBe('No proxy · client certificate');
    openNetwork();
    expect(screen.getByTestId('network-pfx-status').textContent).toContain('is stored');
    expect(document.body.innerHTML).not.toContain(b64);
    expect(document.body.innerHTML).not.toContain('p12-pass');
    // Switching to PEM drops the stored bundle.
    type('network-client-kind', 'pem');
    type('network-client-cert-pem', CERT);
    type('network-client-key', KEY);
    const pem = await saveAndGetDraft(bridge);
    expect(pem.network?.tls).toMatchObject({ clientCertPem: CERT, clientKeyPem: KEY, pfxBase64: '' });
    expect(pem.network?.tls).not.toHaveProperty('passphrase');
  });
});

const SERVER_SHA = Array.from({ length: 32 }, (_, i) => (255 - i).toString(16).toUpperCase()).join(':');
const SERVER_PEM = '-----BEGIN CERTIFICATE-----\nMIIBsjCCAVigAwIBAgIUU2VydmVy\n-----END CERTIFICATE-----\n';

/** A fake host whose agent has a self-signed certificate: the test fails (with it) until it is pinned. */
function selfSignedProbe(e: SavedEndpoint) {
  if (e.network?.tls.pinnedSha256 === SERVER_SHA) return ok(sampleProbe());
  const title = "The server's certificate is self-signed, so it is not trusted.";
  return err('unavailable', title, {
    failure: { kind: 'tls', title, nextStep: 'Trust this certificate, or add its CA.', details: { raw: title } },
    certificate: {
      subject: 'agent.lab.example',
      issuer: 'agent.lab.example',
      validFrom: 'Jan  1 00:00:00 2026 GMT',
      validTo: 'Jan  1 00:00:00 2027 GMT',
      sha256: SERVER_SHA,
      pem: SERVER_PEM,
      problem: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    },
  });
}

describe('Trust this certificate', () => {
  it('in the editor: shows the certificate, pins it into the form, the next test passes and Save carries it', async () => {
    const { bridge } = renderApp({ probe: selfSignedProbe });
    fireEvent.click(await screen.findByTestId('add-endpoint'));
    await screen.findByTestId('endpoint-editor');
    type('endpoint-name-input', 'Lab');
    type('endpoint-url-input', 'https://agent.lab.example/acp');
    fireEvent.click(screen.getByTestId('test-connection'));

    await screen.findByTestId('trust-certificate');
    expect(screen.getByTestId('probe-error').textContent).toContain('self-signed');
    expect(screen.getByTestId('cert-subject').textContent).toBe('agent.lab.example');
    expect(screen.getByTestId('cert-issuer').textContent).toBe('agent.lab.example');
    expect(screen.getByTestId('cert-validity').textContent).toBe(
      'Jan  1 00:00:00 2026 GMT to Jan  1 00:00:00 2027 GMT',
    );
    expect(screen.getByTestId('cert-sha256').textContent).toBe(SERVER_SHA);
    fireEvent.click(screen.getByTestId('trust-certificate-button'));
    expect(screen.getByTestId('trust-certificate-done')).toBeTruthy();
    expect(screen.getByTestId('network-summary').textContent).toBe('No proxy · pinned certificate');

    fireEvent.click(screen.getByTestId('test-connection'));
    expect((await screen.findByTestId('probe-result')).textContent).toContain('ACP Desk demo agent');
    const tested = bridge.fake.callsTo('endpoints:test') as { draft: EndpointDraft }[];
    expect(tested.at(-1)!.draft.network?.tls?.pinnedSha256).toBe(SERVER_SHA);

    const draft = await saveAndGetDraft(bridge);
    expect(draft.network?.tls).toMatchObject({ pinnedSha256: SERVER_SHA, pinnedPem: SERVER_PEM.trim() });
    expect(networkDraftSchema.safeParse(draft.network).success).toBe(true);
  });

  it("on the endpoint's page: trusting saves the pin (secrets kept) and tests again", async () => {
    const { bridge } = renderApp({ endpoints: endpointsWithNetwork(), probe: selfSignedProbe });
    const item = (await screen.findAllByTestId('endpoint-item')).find(
      (el) => el.dataset.endpointName === 'Staging coder',
    )!;
    fireEvent.click(item);
    fireEvent.click(await screen.findByTestId('test-connection'));
    fireEvent.click(await screen.findByTestId('trust-certificate-button'));

    await waitFor(() => expect(bridge.fake.callsTo('endpoints:test')).toHaveLength(2));
    const saved = bridge.fake.callsTo('endpoints:save') as { id: string; draft: EndpointDraft }[];
    expect(saved).toHaveLength(1);
    expect(saved[0]!.id).toBe('staging');
    expect(saved[0]!.draft.headers?.[0]).toEqual({ name: 'Authorization', secret: true });
    expect(saved[0]!.draft.network?.tls).toMatchObject({ pinnedSha256: SERVER_SHA });
    expect(saved[0]!.draft).not.toHaveProperty('mcpServers');
    expect(await screen.findByTestId('probe-result')).toBeTruthy();
    expect(screen.queryByTestId('trust-certificate')).toBeNull();
  });

  it("from Diagnose: the TLS step's certificate can be trusted, and Diagnose runs again", async () => {
    const failing = (url: string): ProbeReport => {
      const r = sampleProbeReport(url);
      const steps = r.steps.map((st) =>
        st.id === 'tls'
          ? {
              ...st,
              verdict: 'fail' as const,
              explanation: 'TLS handshake done, but the certificate is self-signed.',
              evidence: {
                subject: 'agent.lab.example',
                issuer: 'agent.lab.example',
                validFrom: 'Jan  1 00:00:00 2026 GMT',
                validTo: 'Jan  1 00:00:00 2027 GMT',
                selfSigned: true,
                fingerprintSha256: SERVER_SHA,
                verification: 'DEPTH_ZERO_SELF_SIGNED_CERT',
              },
            }
          : st,
      );
      return { ...r, steps };
    };
    let runs = 0;
    const { bridge } = renderApp({
      selectedId: 'staging',
      handlers: {
        'endpoints:diagnose': () => {
          runs += 1;
          return ok(runs === 1 ? failing('https://agents.staging.example.com/v1/acp') : sampleProbeReport('x'));
        },
      },
    });
    fireEvent.click(await screen.findByTestId('diagnose-run'));
    expect((await screen.findByTestId('cert-sha256')).textContent).toBe(SERVER_SHA);
    expect(screen.getByTestId('cert-subject').textContent).toBe('agent.lab.example');
    fireEvent.click(screen.getByTestId('trust-certificate-button'));
    await waitFor(() => expect(runs).toBe(2));
    const saved = bridge.fake.callsTo('endpoints:save') as { id: string; draft: EndpointDraft }[];
    expect(saved[0]!.draft.network?.tls).toMatchObject({ pinnedSha256: SERVER_SHA, pinnedPem: '' });
    await waitFor(() => expect(screen.queryByTestId('trust-certificate')).toBeNull());
  });
});
