/**
 * "Test connection" (the probe) uses the endpoint's network settings too: through a proxy
 * with credentials to a pinned self-signed agent it succeeds, and a changed certificate or a
 * refused proxy password comes back as the sentence, never with the password.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedEndpoint } from '../../src/core/endpoints/endpoint-repository';
import { networkSecretValues, type ResolvedNetwork } from '../../src/core/transport/net-config';
import { probeEndpoint } from '../../src/core/transport/probe';
import { startForwardProxy } from '../support/forward-proxy';
import { startTestAgent } from '../support/test-agent';
import { makeTlsFixture, type TlsFixture } from '../support/tls-fixture';

const PASSWORD = 'probe-proxy-pw-k2m9';
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

let fx: TlsFixture;
beforeAll(() => {
  fx = makeTlsFixture();
});

async function proxyUrl(): Promise<string> {
  const proxy = await startForwardProxy({ auth: { username: 'probe', password: PASSWORD } });
  cleanups.push(() => proxy.close());
  return proxy.url;
}

function endpoint(url: string, transport: 'http' | 'ws', network: ResolvedNetwork): ResolvedEndpoint {
  return {
    id: 'p1',
    name: 'probe',
    url,
    transport,
    headers: {},
    secretHeaderNames: [],
    secretValues: networkSecretValues(network),
    cwd: '/tmp',
    mcpServers: [],
    network,
  };
}

describe.each(['http', 'ws'] as const)('Test connection with network settings over %s', (transport) => {
  it('through an authenticating proxy to a pinned self-signed agent', async () => {
    const agent = await startTestAgent({ tls: { key: fx.selfSigned.key, cert: fx.selfSigned.cert } });
    cleanups.push(() => agent.close());
    const network: ResolvedNetwork = {
      proxy: { mode: 'url', url: await proxyUrl(), username: 'probe', password: PASSWORD },
      tls: { pinnedSha256: fx.selfSigned.sha256 },
    };
    const result = await probeEndpoint(endpoint(agent.url, transport, network), 5_000);
    expect(result.agentInfo?.name).toBe('test-agent');
    expect(result.transport).toBe(transport);
  });

  it('a changed certificate: the sentence names both fingerprints', async () => {
    const agent = await startTestAgent({ tls: { key: fx.otherSelfSigned.key, cert: fx.otherSelfSigned.cert } });
    cleanups.push(() => agent.close());
    const network: ResolvedNetwork = { proxy: { mode: 'none' }, tls: { pinnedSha256: fx.selfSigned.sha256 } };
    const message = await probeEndpoint(endpoint(agent.url, transport, network), 5_000).then(
      () => 'succeeded',
      (e: Error) => e.message,
    );
    expect(message).toContain(fx.selfSigned.sha256);
    expect(message).toContain(fx.otherSelfSigned.sha256);
  });

  it('a refused proxy password: a proxy sentence without the password', async () => {
    const agent = await startTestAgent();
    cleanups.push(() => agent.close());
    const wrong = `x-${PASSWORD}`;
    const network: ResolvedNetwork = {
      proxy: { mode: 'url', url: await proxyUrl(), username: 'probe', password: wrong },
      tls: {},
    };
    const failure = await probeEndpoint(endpoint(agent.url, transport, network), 5_000).then(
      () => undefined,
      (e: Error & { details?: unknown }) => e,
    );
    expect(failure?.message).toMatch(/proxy/i);
    expect(failure?.message).toMatch(/407/);
    const all = JSON.stringify({ message: failure?.message, details: failure?.details });
    expect(all).not.toContain(wrong);
    expect(all).not.toContain(Buffer.from(`probe:${wrong}`).toString('base64'));
  });
});
