/**
 * An endpoint's proxy settings against a real forward proxy (the `proxy` package) on
 * 127.0.0.1, in front of the SDK's AcpServer over HTTP and WebSocket: plain forwarding for an
 * http:// agent's POSTs and streams, a CONNECT tunnel for https:// and for the WebSocket
 * upgrade; open and with basic
 * authentication (right and wrong credentials), HTTPS through the tunnel with a private CA
 * and a pin, and the environment's proxy ("system") with its loopback bypass. Proxy
 * credentials never appear in an error or in the traffic records.
 */
import http from 'node:http';
import type https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { client, methods } from '@agentclientprotocol/sdk';
import { createAcpTransport } from '../../src/core/transport/acp-transport';
import { createNodeFetch, createNodeWebSocket } from '../../src/core/transport/node-deps';
import { networkSecretValues, type ResolvedNetwork } from '../../src/core/transport/net-config';
import { useSystemProxyResolver } from '../../src/core/transport/net-proxy';
import { startForwardProxy, type ForwardProxy } from '../support/forward-proxy';
import { echo, failure, netRun } from '../support/net-harness';
import { startTestAgent } from '../support/test-agent';
import { makeTlsFixture, type TlsFixture } from '../support/tls-fixture';

const run = netRun();
afterEach(async () => {
  while (run.cleanups.length) await run.cleanups.pop()!();
  run.traffic.length = 0;
});

let fx: TlsFixture;
beforeAll(() => {
  fx = makeTlsFixture();
});

const USER = 'desk-user';
const PASSWORD = 'proxy-pass-Zq81xv';

/** A forward proxy that stops with the test; `auth` demands basic credentials. */
async function startProxy(
  opts: { auth?: boolean; alias?: string; tls?: https.ServerOptions } = {},
): Promise<ForwardProxy> {
  const proxy = await startForwardProxy({
    ...(opts.auth ? { auth: { username: USER, password: PASSWORD } } : {}),
    ...(opts.alias ? { alias: opts.alias } : {}),
    ...(opts.tls ? { tls: opts.tls } : {}),
  });
  run.cleanups.push(() => proxy.close());
  return proxy;
}

async function agentUrl(tls?: { key: string; cert: string }): Promise<string> {
  const a = await startTestAgent(tls ? { tls } : {});
  run.cleanups.push(() => a.close());
  return a.url;
}

const viaProxy = (url: string, creds?: { username: string; password: string }, tls: ResolvedNetwork['tls'] = {}) =>
  ({ proxy: { mode: 'url', url, ...creds }, tls }) as ResolvedNetwork;

/** Neither the password nor the Proxy-Authorization value it makes appears in `text`. */
function expectNoProxySecret(text: string): void {
  expect(text).not.toContain(PASSWORD);
  expect(text).not.toContain(Buffer.from(`${USER}:${PASSWORD}`).toString('base64'));
  expect(text).not.toContain(Buffer.from(`${USER}:wrong-${PASSWORD}`).toString('base64'));
}

describe.each(['http', 'ws'] as const)('proxy settings over %s', (profile) => {
  it('goes through an open proxy (plain forwarding over HTTP, a CONNECT tunnel for the WebSocket)', async () => {
    const proxy = await startProxy();
    const url = await agentUrl();
    expect(await echo(run, url, profile, viaProxy(proxy.url))).toBe('echo: through the network');
    if (profile === 'http') {
      // Every POST and stream went through the proxy as an absolute-URI request; none tunnelled.
      expect(proxy.connects).toEqual([]);
      expect(proxy.forwarded).toContain(`POST ${url}`);
      expect(proxy.forwarded).toContain(`GET ${url}`);
      expect(proxy.forwarded.every((r) => r.endsWith(` ${url}`))).toBe(true);
    } else {
      expect(proxy.connects.length).toBeGreaterThan(0);
      expect(proxy.connects.every((c) => c === `127.0.0.1:${new URL(url).port}`)).toBe(true);
    }
  });

  it('authenticates to the proxy with the stored credentials, which stay out of the traffic log', async () => {
    const proxy = await startProxy({ auth: true });
    const url = await agentUrl();
    const network = viaProxy(proxy.url, { username: USER, password: PASSWORD });
    const reply = await echo(run, url, profile, network, networkSecretValues(network));
    expect(reply).toBe('echo: through the network');
    expect(proxy.refused).toBe(0);
    expect(run.traffic.length).toBeGreaterThan(0);
    expectNoProxySecret(JSON.stringify(run.traffic));
  });

  it('wrong proxy credentials: the 407 sentence, with no password in it or in the traffic log', async () => {
    const proxy = await startProxy({ auth: true });
    const url = await agentUrl();
    const network = viaProxy(proxy.url, { username: USER, password: `wrong-${PASSWORD}` });
    const message = await failure(run, url, profile, network, networkSecretValues(network));
    expect(message).toMatch(/The proxy refused the credentials \(HTTP 407 Proxy Authentication Required\)/);
    expect(proxy.refused).toBeGreaterThan(0);
    expectNoProxySecret(message);
    expect(message).not.toContain(`wrong-${PASSWORD}`);
    expectNoProxySecret(JSON.stringify(run.traffic));
    expect(JSON.stringify(run.traffic)).not.toContain(`wrong-${PASSWORD}`);
  });

  it('a proxy that refuses the tunnel (HTTP 403): the proxy is named, not the agent', async () => {
    const server = http.createServer();
    server.on('connect', (_req, socket: Duplex) => socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    run.cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
    const proxyUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // An https:// agent: reached through a tunnel over either profile.
    const agent = await agentUrl({ key: fx.server.key, cert: fx.server.cert });
    const message = await failure(run, agent, profile, viaProxy(proxyUrl, undefined, { ca: fx.ca.cert }));
    expect(message).toMatch(/The proxy refused to open a tunnel to the server \(HTTP 403\)/);
  });

  it('no credentials for a proxy that wants them: the same 407 sentence', async () => {
    const proxy = await startProxy({ auth: true });
    const url = await agentUrl();
    expect(await failure(run, url, profile, viaProxy(proxy.url))).toMatch(/HTTP 407/);
  });

  it('HTTPS through the tunnel: the private CA and the client settings apply to the agent', async () => {
    const proxy = await startProxy({ auth: true });
    const url = await agentUrl({ key: fx.server.key, cert: fx.server.cert });
    const network = viaProxy(proxy.url, { username: USER, password: PASSWORD }, { ca: fx.ca.cert });
    expect(await echo(run, url, profile, network)).toBe('echo: through the network');
    expect(proxy.connects.length).toBeGreaterThan(0);
  });

  it('an https:// proxy signed by the private CA is trusted with it', async () => {
    const proxy = await startProxy({ auth: true, tls: { key: fx.server.key, cert: fx.server.cert } });
    const url = await agentUrl();
    const creds = { username: USER, password: PASSWORD };
    expect(await echo(run, url, profile, viaProxy(proxy.url, creds, { ca: fx.ca.cert }))).toBe(
      'echo: through the network',
    );
    expect(proxy.connects.length).toBeGreaterThan(0);
    const message = await failure(run, url, profile, viaProxy(proxy.url, creds));
    expect(message).toContain(
      `The proxy at ${new URL(proxy.url).host} is not trusted: its certificate was issued by a certificate authority this machine does not trust.`,
    );
    expectNoProxySecret(message);
  });

  it("behind an https:// proxy, the pin is checked on the agent's certificate, not the proxy's", async () => {
    const proxy = await startProxy({ tls: { key: fx.server.key, cert: fx.server.cert } });
    const plain = await agentUrl();
    const pinnedAgent = await agentUrl({ key: fx.selfSigned.key, cert: fx.selfSigned.cert });
    const pinned = viaProxy(proxy.url, undefined, { ca: fx.ca.cert, pinnedSha256: fx.selfSigned.sha256 });
    expect(await echo(run, plain, profile, pinned)).toBe('echo: through the network');
    expect(await echo(run, pinnedAgent, profile, pinned)).toBe('echo: through the network');
  });

  it('a pin is checked through the tunnel too', async () => {
    const proxy = await startProxy();
    const url = await agentUrl({ key: fx.otherSelfSigned.key, cert: fx.otherSelfSigned.cert });
    const network = viaProxy(proxy.url, undefined, { pinnedSha256: fx.selfSigned.sha256 });
    const message = await failure(run, url, profile, network);
    expect(message).toContain(`expected SHA-256 ${fx.selfSigned.sha256}, got ${fx.otherSelfSigned.sha256}`);
  });

  it('a proxy that is not running: a sentence naming the proxy, not its credentials', async () => {
    const dead = await startProxy();
    const deadUrl = dead.url;
    await run.cleanups.pop()!(); // stop it: nothing listens at its port now
    const url = await agentUrl();
    const network = viaProxy(deadUrl, { username: USER, password: PASSWORD });
    const message = await failure(run, url, profile, network, networkSecretValues(network));
    const hostPort = new URL(deadUrl).host;
    expect(message).toContain(`The proxy at ${hostPort} could not be reached: nothing is listening there.`);
    expectNoProxySecret(message);
  });

  describe('system proxy (environment)', () => {
    const saved = { HTTP_PROXY: process.env.HTTP_PROXY, HTTPS_PROXY: process.env.HTTPS_PROXY };
    afterEach(() => {
      for (const [k, v] of Object.entries(saved))
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    });
    const system: ResolvedNetwork = { proxy: { mode: 'system' }, tls: {} };

    it('a non-loopback host goes through HTTP_PROXY', async () => {
      const proxy = await startProxy({ alias: 'agent.test' });
      process.env.HTTP_PROXY = proxy.url;
      const url = (await agentUrl()).replace('127.0.0.1', 'agent.test');
      expect(await echo(run, url, profile, system)).toBe('echo: through the network');
      const through = profile === 'http' ? proxy.forwarded : proxy.connects;
      expect(through.some((c) => c.includes('agent.test:'))).toBe(true);
    });

    it("the host's resolver (Electron's session.resolveProxy) decides, not the environment", async () => {
      const proxy = await startProxy({ alias: 'agent.test' });
      const dead = await startProxy();
      await run.cleanups.pop()!();
      process.env.HTTP_PROXY = dead.url; // ignored: the resolver answers
      const asked: string[] = [];
      useSystemProxyResolver(async (u) => {
        asked.push(u);
        return `PROXY ${new URL(proxy.url).host}; DIRECT`;
      });
      run.cleanups.push(async () => useSystemProxyResolver(undefined));
      const url = (await agentUrl()).replace('127.0.0.1', 'agent.test');
      expect(await echo(run, url, profile, system)).toBe('echo: through the network');
      const through = profile === 'http' ? proxy.forwarded : proxy.connects;
      expect(through.some((c) => c.includes('agent.test:'))).toBe(true);
      expect(asked.every((u) => u.startsWith('http://agent.test:'))).toBe(true);
    });

    it('loopback bypasses it (here the proxy is not even running)', async () => {
      const dead = await startProxy();
      await run.cleanups.pop()!();
      process.env.HTTP_PROXY = dead.url;
      process.env.HTTPS_PROXY = dead.url;
      expect(await echo(run, await agentUrl(), profile, system)).toBe('echo: through the network');
    });
  });
});

describe('a proxy that drops its connections mid-session (HTTP)', () => {
  it('the transport reopens the stream through the proxy and the next turn completes', async () => {
    const proxy = await startProxy({ auth: true });
    const url = await agentUrl();
    const network = viaProxy(proxy.url, { username: USER, password: PASSWORD });
    const fetch = createNodeFetch({ network });
    const t = createAcpTransport({ url, profile: 'http', fetch, webSocket: createNodeWebSocket(network) });
    run.cleanups.push(async () => {
      await t.close();
      await fetch.close();
    });
    const texts: string[] = [];
    const reply = await client({ name: 'net-test' })
      .onNotification(methods.client.session.update, ({ params }) => {
        const u = params.update;
        if (u.sessionUpdate === 'agent_message_chunk' && u.content.type === 'text') texts.push(u.content.text);
      })
      .connectWith(t.stream, async (ctx) => {
        await ctx.request(methods.agent.initialize, { protocolVersion: 1, clientCapabilities: {} });
        const s = await ctx.request(methods.agent.session.new, { cwd: '/tmp', mcpServers: [] });
        const say = (text: string) =>
          ctx.request(methods.agent.session.prompt, { sessionId: s.sessionId, prompt: [{ type: 'text', text }] });
        await say('before');
        const streamsBefore = proxy.carried();
        proxy.dropConnections();
        await say('after');
        expect(proxy.carried()).toBeGreaterThan(streamsBefore);
        return texts;
      });
    expect(reply).toEqual(['echo: before', 'echo: after']);
  });
});
