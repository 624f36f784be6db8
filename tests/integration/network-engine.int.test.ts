/**
 * The app's own path: network settings saved through the endpoint repository (the proxy
 * password and the client key sealed) are what the session engine's connection uses, with
 * the shared node stack the hosts build. A wrong proxy password reaches the user as the 407
 * sentence, and neither the error nor any traffic record quotes the secrets.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startForwardProxy, type ForwardProxy } from '../support/forward-proxy';
import { EndpointRepository } from '../../src/core/endpoints/endpoint-repository';
import { createFileKeyCipher } from '../../src/core/endpoints/secret-store';
import { SessionEngine } from '../../src/core/session/session-engine';
import { createNodeFetch, nodeWebSocket } from '../../src/core/transport/node-deps';
import type { EndpointStatus } from '../../src/shared/domain/history';
import type { NetworkDraft } from '../../src/shared/domain/network';
import type { TrafficRecord } from '../../src/shared/domain/traffic';
import { FeedWriter, readFeedBatch } from '../../src/core/traffic/feed-batch';
import type { Redactor } from '../../src/core/transport/redact';
import { MemoryTranscripts, waitFor } from '../support/engine-harness';
import { startTestAgent } from '../support/test-agent';
import { makeTlsFixture, type TlsFixture } from '../support/tls-fixture';

const PASSWORD = 'engine-proxy-pw-93kd';
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

let fx: TlsFixture;
beforeAll(() => {
  fx = makeTlsFixture();
});

async function proxyWithAuth(): Promise<ForwardProxy> {
  const proxy = await startForwardProxy({ auth: { username: 'desk', password: PASSWORD } });
  cleanups.push(() => proxy.close());
  return proxy;
}

async function engineWith(url: string, transport: 'http' | 'ws', network: NetworkDraft) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'acp-net-engine-'));
  const endpoints = await EndpointRepository.open(path.join(dir, 'settings.json'), await createFileKeyCipher(dir));
  const fetch = createNodeFetch();
  // As the app's traffic log does (on its worker): read each feed's batch back, redacted
  // with the transport's redactor.
  const feeds: Array<{ writer: FeedWriter; redactor: Redactor }> = [];
  const logged: TrafficRecord[] = [];
  const traffic = () => {
    for (const f of feeds) {
      const batch = f.writer.take();
      if (batch) logged.push(...readFeedBatch(batch, f.redactor));
    }
    return logged;
  };
  const statuses: EndpointStatus[] = [];
  const engine = new SessionEngine({
    endpoints,
    transcripts: new MemoryTranscripts(),
    fetch,
    webSocket: nodeWebSocket,
    events: {
      sessionEvents: () => undefined,
      sessionsChanged: () => undefined,
      endpointStatus: (s) => statuses.push(s),
      trafficFeed: (_id, redactor) => {
        const writer = new FeedWriter(() => undefined);
        feeds.push({ writer, redactor });
        return writer;
      },
    },
  });
  await engine.init();
  cleanups.push(async () => {
    await engine.dispose();
    await fetch.close();
  });
  const { id } = await endpoints.save(undefined, { name: 'behind a proxy', url, transport, network });
  return { engine, id, traffic, statuses };
}

describe.each(['http', 'ws'] as const)('saved network settings drive the engine over %s', (transport) => {
  it('proxy with a sealed password, private CA and mutual TLS: a session opens through the tunnel', async () => {
    const proxy = await proxyWithAuth();
    const agent = await startTestAgent({
      tls: { key: fx.server.key, cert: fx.server.cert, ca: fx.ca.cert, requestCert: true, rejectUnauthorized: true },
    });
    cleanups.push(() => agent.close());
    const { engine, id, traffic } = await engineWith(agent.url, transport, {
      proxy: { mode: 'url', url: proxy.url, username: 'desk', password: PASSWORD },
      tls: { caPem: fx.ca.cert, clientCertPem: fx.client.cert, clientKeyPem: fx.client.key },
    });
    const status = await engine.connectEndpoint(id);
    expect(status.state).toBe('connected');
    await engine.newSession(id, '/tmp');
    expect(proxy.carried()).toBeGreaterThan(0);
    const log = JSON.stringify(traffic());
    expect(log).not.toContain(PASSWORD);
    expect(log).not.toContain(Buffer.from(`desk:${PASSWORD}`).toString('base64'));
  });

  it('the proxy dropping its connections mid-session: the engine reconnects through it and the next turn completes', async () => {
    const proxy = await proxyWithAuth();
    const agent = await startTestAgent({ resume: true });
    cleanups.push(() => agent.close());
    const { engine, id, statuses } = await engineWith(agent.url, transport, {
      proxy: { mode: 'url', url: proxy.url, username: 'desk', password: PASSWORD },
    });
    const { sessionId } = await engine.newSession(id, '/tmp');
    await engine.prompt(sessionId, [{ type: 'text', text: 'before' }]);
    await waitFor(() => engine.snapshot(sessionId).state.turn.lastStopReason === 'end_turn', 'first turn', 10_000);
    const carriedBefore = proxy.carried();
    const seen = statuses.length;
    proxy.dropConnections();
    if (transport === 'ws') {
      // The WebSocket itself closed: wait until the engine is connected again (a prompt sent in
      // between would rightly be reported as interrupted). HTTP's connection outlives its streams.
      await waitFor(() => statuses.slice(seen).some((s) => s.state !== 'connected'), 'the drop', 10_000);
      await waitFor(() => statuses.at(-1)?.state === 'connected', 'reconnected', 15_000);
    }
    await engine.prompt(sessionId, [{ type: 'text', text: 'after' }]);
    await waitFor(
      () => engine.snapshot(sessionId).state.turn.status === 'idle' && proxy.carried() > carriedBefore,
      'second turn',
      15_000,
    );
    expect(engine.snapshot(sessionId).state.turn.lastStopReason).toBe('end_turn');
  });

  it('a wrong proxy password: the 407 sentence, with no secret in it or in the traffic', async () => {
    const proxy = await proxyWithAuth();
    const agent = await startTestAgent();
    cleanups.push(() => agent.close());
    const wrong = `not-${PASSWORD}`;
    const { engine, id, traffic } = await engineWith(agent.url, transport, {
      proxy: { mode: 'url', url: proxy.url, username: 'desk', password: wrong },
    });
    const message = await engine.connectEndpoint(id).then(
      () => 'connected',
      (e: Error) => e.message,
    );
    expect(message).toMatch(/The proxy refused the credentials \(HTTP 407/);
    for (const text of [message, JSON.stringify(traffic())]) {
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(Buffer.from(`desk:${wrong}`).toString('base64'));
    }
  });
});
