/**
 * "Trust this certificate" through the app core against a real self-signed TLS agent (the
 * SDK's AcpServer behind https): Test connection fails with the server's certificate in the
 * error, pinning its fingerprint (as the editor's form would send it) makes the next test pass,
 * and a pin that no longer matches brings the new certificate back to be trusted.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAppCore, type AppCore } from '../../src/core/app/app-core';
import { createFileKeyCipher } from '../../src/core/endpoints/secret-store';
import { dispatchInvoke } from '../../src/core/host/dispatch';
import { peerCertificate, withPeerCertificate } from '../../src/core/transport/peer-certificate';
import { probeEndpoint } from '../../src/core/transport/probe';
import { diagnoseCertificate } from '../../src/renderer/features/endpoints/diagnose/diagnose-certificate';
import { draftFromForm, formFromEndpoint } from '../../src/renderer/features/endpoints/editor/form-model';
import type { ProbeReport } from '../../src/shared/domain/probe-report';
import type { SavedEndpoint } from '../../src/shared/domain/endpoint';
import { certificateInDetails, type CertificateFacts } from '../../src/shared/domain/network';
import { startForwardProxy } from '../support/forward-proxy';
import { startTestAgent } from '../support/test-agent';
import { makeTlsFixture, type TlsFixture } from '../support/tls-fixture';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

let fx: TlsFixture;
beforeAll(() => {
  fx = makeTlsFixture();
});

async function rig(tls: { key: string; cert: string }) {
  const agent = await startTestAgent({ tls });
  cleanups.push(() => agent.close());
  const dir = mkdtempSync(path.join(os.tmpdir(), 'acp-trust-'));
  const core: AppCore = await createAppCore({
    dataDir: dir,
    cipher: await createFileKeyCipher(dir),
    host: 'web',
    version: 't',
    probe: withPeerCertificate((e) => probeEndpoint(e, 5_000)),
  });
  cleanups.push(() => core.dispose());
  const invoke = (channel: string, payload?: unknown) => dispatchInvoke(core.handlers, channel, payload);
  return { agent, core, invoke };
}

/** The endpoint's editor form with the certificate trusted, saved as the editor would save it. */
function pinnedDraft(e: SavedEndpoint, cert: Pick<CertificateFacts, 'sha256' | 'pem'>) {
  const form = formFromEndpoint(e);
  const network = { ...form.network, pinnedSha256: cert.sha256, pinnedPem: cert.pem, present: true };
  return draftFromForm({ ...form, network }).draft;
}

describe.each(['http', 'ws'] as const)('Trust this certificate over %s', (transport) => {
  it('fails with the certificate, then passes once it is pinned', async () => {
    const { agent, invoke } = await rig({ key: fx.selfSigned.key, cert: fx.selfSigned.cert });
    const url = transport === 'ws' ? agent.url.replace(/^https/, 'wss') : agent.url;
    const saved = (await invoke('endpoints:save', {
      draft: { name: 'Lab', url, transport, headers: [], cwd: '', notes: '' },
    })) as { ok: true; value: SavedEndpoint };
    expect(saved.ok).toBe(true);

    const failed = (await invoke('endpoints:test', { id: saved.value.id })) as {
      ok: false;
      error: { message: string; details: unknown };
    };
    expect(failed.ok).toBe(false);
    expect(failed.error.message).toContain('self-signed');
    const cert = certificateInDetails(failed.error.details)!;
    expect(cert).toMatchObject({ sha256: fx.selfSigned.sha256, problem: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(cert.subject).not.toBe('');
    expect(cert.subject).toBe(cert.issuer);
    expect(new Date(cert.validTo).getTime()).toBeGreaterThan(Date.now());
    expect(cert.pem.replace(/\s/g, '')).toBe(fx.selfSigned.cert.replace(/\s/g, ''));

    const pinned = (await invoke('endpoints:save', { id: saved.value.id, draft: pinnedDraft(saved.value, cert) })) as {
      ok: true;
      value: SavedEndpoint;
    };
    expect(pinned.value.network?.tls.pinnedSha256).toBe(fx.selfSigned.sha256);
    const passed = await invoke('endpoints:test', { id: saved.value.id });
    expect(passed).toMatchObject({ ok: true, value: { agentInfo: { name: 'test-agent' }, transport } });
  });
});

describe.each(['http', 'ws'] as const)('Trust this certificate behind a proxy over %s', (transport) => {
  it('the certificate is read through the proxy tunnel, pinned, and the connection passes through it', async () => {
    const { agent, invoke } = await rig({ key: fx.selfSigned.key, cert: fx.selfSigned.cert });
    const proxy = await startForwardProxy({ auth: { username: 'desk', password: 'trust-proxy-pw-5r' } });
    cleanups.push(() => proxy.close());
    const url = transport === 'ws' ? agent.url.replace(/^https/, 'wss') : agent.url;
    const network = { proxy: { mode: 'url', url: proxy.url, username: 'desk', password: 'trust-proxy-pw-5r' } };
    const saved = (await invoke('endpoints:save', {
      draft: { name: 'Lab', url, transport, headers: [], cwd: '', notes: '', network },
    })) as { ok: true; value: SavedEndpoint };
    expect(saved.ok).toBe(true);
    const failed = (await invoke('endpoints:test', { id: saved.value.id })) as {
      ok: false;
      error: { message: string; details: unknown };
    };
    expect(failed.ok).toBe(false);
    const cert = certificateInDetails(failed.error.details)!;
    expect(cert).toMatchObject({ sha256: fx.selfSigned.sha256, problem: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    const tunnelsBefore = proxy.connects.length;
    await invoke('endpoints:save', { id: saved.value.id, draft: pinnedDraft(saved.value, cert) });
    expect(await invoke('endpoints:test', { id: saved.value.id })).toMatchObject({ ok: true });
    expect(proxy.connects.length).toBeGreaterThan(tunnelsBefore);
    expect(proxy.connects.every((c) => c === new URL(agent.url).host)).toBe(true);
  });

  it('a proxy that refuses the tunnel: no certificate is offered (none was seen)', async () => {
    const { agent } = await rig({ key: fx.selfSigned.key, cert: fx.selfSigned.cert });
    const proxy = await startForwardProxy({ auth: { username: 'desk', password: 'right' } });
    cleanups.push(() => proxy.close());
    const wrong = { proxy: { mode: 'url', url: proxy.url, username: 'desk', password: 'wrong' }, tls: {} } as const;
    expect(await peerCertificate(agent.url, wrong)).toBeNull();
    expect(proxy.refused).toBeGreaterThan(0);
  });
});

describe('what the certificate check offers to trust', () => {
  it('a pin that no longer matches brings the new certificate; pinning it passes', async () => {
    const { agent, invoke } = await rig({ key: fx.selfSigned.key, cert: fx.selfSigned.cert });
    const saved = (await invoke('endpoints:save', {
      draft: { name: 'Lab', url: agent.url, transport: 'http', headers: [], cwd: '', notes: '' },
    })) as { ok: true; value: SavedEndpoint };
    const old = { sha256: fx.otherSelfSigned.sha256, pem: fx.otherSelfSigned.cert };
    const stale = (await invoke('endpoints:save', { id: saved.value.id, draft: pinnedDraft(saved.value, old) })) as {
      ok: true;
      value: SavedEndpoint;
    };
    const failed = (await invoke('endpoints:test', { id: saved.value.id })) as {
      ok: false;
      error: { message: string; details: unknown };
    };
    expect(failed.error.message).toContain(fx.otherSelfSigned.sha256);
    const cert = certificateInDetails(failed.error.details)!;
    expect(cert.sha256).toBe(fx.selfSigned.sha256);
    await invoke('endpoints:save', { id: saved.value.id, draft: pinnedDraft(stale.value, cert) });
    expect(await invoke('endpoints:test', { id: saved.value.id })).toMatchObject({ ok: true });
  });

  it('a certificate from an unknown CA is offered; a trusted one or plain http is not looked at', async () => {
    const { agent } = await rig({ key: fx.server.key, cert: fx.server.cert });
    const unknown = await peerCertificate(agent.url, undefined);
    expect(unknown).toMatchObject({ sha256: fx.server.sha256, problem: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    const trusted = await peerCertificate(agent.url, { proxy: { mode: 'none' }, tls: { ca: fx.ca.cert } });
    expect(trusted).toMatchObject({ sha256: fx.server.sha256 });
    expect(trusted?.problem).toBeUndefined();
    expect(await peerCertificate('http://127.0.0.1:1/acp', undefined)).toBeNull();
  });

  it("Diagnose's TLS step offers the same certificate to trust", async () => {
    const { agent, invoke } = await rig({ key: fx.selfSigned.key, cert: fx.selfSigned.cert });
    const saved = (await invoke('endpoints:save', {
      draft: { name: 'Lab', url: agent.url, transport: 'http', headers: [], cwd: '', notes: '' },
    })) as { ok: true; value: SavedEndpoint };
    const report = (await invoke('endpoints:diagnose', { id: saved.value.id })) as { ok: true; value: ProbeReport };
    expect(report.ok).toBe(true);
    expect(diagnoseCertificate(report.value)).toMatchObject({
      sha256: fx.selfSigned.sha256,
      problem: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
  }, 30_000);

  it('an expired certificate from a trusted CA is not offered: pinning is not the fix', async () => {
    const { agent, invoke } = await rig({ key: fx.expired.key, cert: fx.expired.cert });
    const saved = (await invoke('endpoints:save', {
      draft: {
        name: 'Old',
        url: agent.url,
        transport: 'http',
        headers: [],
        cwd: '',
        notes: '',
        network: { tls: { caPem: fx.ca.cert } },
      },
    })) as { ok: true; value: SavedEndpoint };
    const failed = (await invoke('endpoints:test', { id: saved.value.id })) as {
      ok: false;
      error: { message: string; details: unknown };
    };
    expect(failed.error.message).toContain('expired');
    expect(certificateInDetails(failed.error.details)).toBeUndefined();
  });
});
