/**
 * The doctor uses an endpoint's network settings the way its connection does (issue 15):
 * through a real forward proxy (the `proxy` package) on 127.0.0.1 in front of the SDK's
 * AcpServer, DNS and TCP are the proxy's, TLS runs inside the tunnel and the HTTP and
 * WebSocket steps go through it; with a private CA the TLS step trusts the server; with a pin
 * the TLS step passes on the pinned certificate and fails, naming both fingerprints, on
 * another. The proxy password never appears in the report.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runProbe } from '../../src/core/doctor/probe';
import type { ResolvedNetwork } from '../../src/core/transport/net-config';
import type { ProbeReport } from '../../src/shared/domain/probe-report';
import { startForwardProxy, type ForwardProxy } from '../support/forward-proxy';
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

const PASSWORD = 'doctor-proxy-pass-77Qx';

async function startProxy(): Promise<ForwardProxy> {
  const proxy = await startForwardProxy({ auth: { username: 'desk', password: PASSWORD } });
  cleanups.push(() => proxy.close());
  return proxy;
}

async function agent(tls?: { key: string; cert: string }): Promise<string> {
  const a = await startTestAgent(tls ? { tls } : {});
  cleanups.push(() => a.close());
  return a.url;
}

const step = (r: ProbeReport, id: string) => r.steps.find((s) => s.id === id)!;
const probe = (url: string, network: ResolvedNetwork) =>
  runProbe({ url, network, only: 'doctor', env: {}, timeoutMs: 5_000 });

describe('the doctor with an endpoint’s network settings', () => {
  it('through an authenticating proxy: DNS/TCP are the proxy’s, TLS is in the tunnel, HTTP and WebSocket pass', async () => {
    const proxy = await startProxy();
    const url = await agent({ key: fx.server.key, cert: fx.server.cert });
    const r = await probe(url, {
      proxy: { mode: 'url', url: proxy.url, username: 'desk', password: PASSWORD },
      tls: { ca: fx.ca.cert },
    });
    expect(r.outcome.status).toBe('ok');
    expect(step(r, 'tcp').title).toBe(`TCP connect (the proxy 127.0.0.1:${new URL(proxy.url).port})`);
    expect(step(r, 'tls').verdict).toBe('skip');
    expect(step(r, 'proxy').explanation).toMatch(/through the proxy http:\/\/127\.0\.0\.1:\d+ with credentials/);
    expect(step(r, 'initialize').verdict).toBe('pass');
    expect(step(r, 'websocket').verdict).toBe('pass');
    expect(proxy.connects.every((c) => c === `127.0.0.1:${new URL(url).port}`)).toBe(true);
    expect(proxy.connects.length).toBeGreaterThan(1);
    expect(JSON.stringify(r)).not.toContain(PASSWORD);
    expect(JSON.stringify(r)).not.toContain(Buffer.from(`desk:${PASSWORD}`).toString('base64'));
  });

  it('a private CA: the TLS step trusts the server (without it, the certificate is not trusted)', async () => {
    const url = await agent({ key: fx.server.key, cert: fx.server.cert });
    const trusted = await probe(url, { proxy: { mode: 'none' }, tls: { ca: fx.ca.cert } });
    // (A warning at most: the test certificates are short-lived, and the doctor says when one expires soon.)
    expect(['pass', 'warn']).toContain(step(trusted, 'tls').verdict);
    expect(step(trusted, 'tls').explanation).toMatch(/trusted/);
    expect(trusted.outcome.status).toBe('ok');
    const plain = await probe(url, { proxy: { mode: 'none' }, tls: {} });
    expect(step(plain, 'tls').verdict).toBe('fail');
  });

  it('a pinned self-signed certificate passes; another certificate fails naming both fingerprints', async () => {
    const url = await agent({ key: fx.selfSigned.key, cert: fx.selfSigned.cert });
    const pinned = await probe(url, { proxy: { mode: 'none' }, tls: { pinnedSha256: fx.selfSigned.sha256 } });
    expect(step(pinned, 'tls').verdict).toBe('pass');
    expect(step(pinned, 'tls').explanation).toMatch(/pinned certificate/);
    expect(pinned.outcome.status).toBe('ok');
    const other = await probe(url, { proxy: { mode: 'none' }, tls: { pinnedSha256: fx.otherSelfSigned.sha256 } });
    const tls = step(other, 'tls');
    expect(tls.verdict).toBe('fail');
    expect(tls.explanation).toContain(fx.otherSelfSigned.sha256);
    expect(tls.explanation).toContain(fx.selfSigned.sha256);
    expect(other.outcome.status).toBe('unreachable');
  });
});
