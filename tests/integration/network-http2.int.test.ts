/**
 * An endpoint's network settings on HTTP/2 (ALPN on https): a private CA, mutual TLS and a pin
 * apply to h2 connections as they do to HTTP/1.1, and a proxy tunnel still negotiates h2 with
 * the agent behind it. The server records the HTTP version of every request.
 */
import type http2 from 'node:http2';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { client, methods } from '@agentclientprotocol/sdk';
import { createAcpTransport } from '../../src/core/transport/acp-transport';
import type { ResolvedNetwork } from '../../src/core/transport/net-config';
import { createNodeFetch, createNodeWebSocket } from '../../src/core/transport/node-deps';
import { startForwardProxy } from '../support/forward-proxy';
import { startH2Agent } from '../support/h2-acp-server';
import { makeTlsFixture, type TlsFixture } from '../support/tls-fixture';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

let fx: TlsFixture;
beforeAll(() => {
  fx = makeTlsFixture();
});

async function h2Agent(tls: http2.SecureServerOptions) {
  const a = await startH2Agent('tls', tls);
  cleanups.push(() => a.close());
  return a;
}

/** A turn over HTTP; resolves to the stop reason or rejects with the user's sentence. */
async function turn(url: string, network: ResolvedNetwork): Promise<string> {
  const fetch = createNodeFetch({ network });
  const t = createAcpTransport({ url, profile: 'http', fetch, webSocket: createNodeWebSocket(network) });
  cleanups.push(
    () => fetch.close(),
    () => t.close(),
  );
  return client({ name: 't' }).connectWith(t.stream, async (ctx) => {
    await ctx.request(methods.agent.initialize, { protocolVersion: 1, clientCapabilities: {} });
    const s = await ctx.request(methods.agent.session.new, { cwd: '/tmp', mcpServers: [] });
    const r = await ctx.request(methods.agent.session.prompt, {
      sessionId: s.sessionId,
      prompt: [{ type: 'text', text: 'x' }],
    });
    return r.stopReason;
  });
}

const direct = (tls: ResolvedNetwork['tls']): ResolvedNetwork => ({ proxy: { mode: 'none' }, tls });

describe('network settings on HTTP/2', () => {
  it('a private CA: h2 is negotiated and the turn completes', async () => {
    const a = await h2Agent({ key: fx.server.key, cert: fx.server.cert });
    expect(await turn(a.url, direct({ ca: fx.ca.cert }))).toBe('end_turn');
    expect(new Set(a.versions)).toEqual(new Set(['2.0']));
  });

  it('mutual TLS with a PKCS#12 bundle over h2', async () => {
    const a = await h2Agent({
      key: fx.server.key,
      cert: fx.server.cert,
      ca: fx.ca.cert,
      requestCert: true,
      rejectUnauthorized: true,
    });
    const network = direct({ ca: fx.ca.cert, pfx: fx.clientPfx, passphrase: fx.pfxPassphrase });
    expect(await turn(a.url, network)).toBe('end_turn');
    expect(new Set(a.versions)).toEqual(new Set(['2.0']));
  });

  it('a pinned self-signed certificate over h2, and a changed one refused', async () => {
    const a = await h2Agent({ key: fx.selfSigned.key, cert: fx.selfSigned.cert });
    expect(await turn(a.url, direct({ pinnedSha256: fx.selfSigned.sha256 }))).toBe('end_turn');
    expect(new Set(a.versions)).toEqual(new Set(['2.0']));
    const message = await turn(a.url, direct({ pinnedSha256: fx.otherSelfSigned.sha256 })).catch(
      (e: Error) => e.message,
    );
    expect(message).toContain(`expected SHA-256 ${fx.otherSelfSigned.sha256}, got ${fx.selfSigned.sha256}`);
  });

  it('through a proxy tunnel, h2 is still negotiated with the agent', async () => {
    const proxy = await startForwardProxy();
    cleanups.push(() => proxy.close());
    const proxyUrl = proxy.url;
    const a = await h2Agent({ key: fx.server.key, cert: fx.server.cert });
    const network: ResolvedNetwork = { proxy: { mode: 'url', url: proxyUrl }, tls: { ca: fx.ca.cert } };
    expect(await turn(a.url, network)).toBe('end_turn');
    expect(proxy.connects.length).toBeGreaterThan(0);
    expect(new Set(a.versions)).toEqual(new Set(['2.0']));
  });
});
