/**
 * A hostile server (tests/support/hostile.ts, in front of a real agent) against the transport:
 * redirects that would carry the endpoint's secret headers to another origin, a stream GET
 * answered with an endless JSON body, and a message nested 20,000 levels deep. Each case holds:
 * nothing reaches the other origin, memory stays bounded, the stream goes on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { collectorUp, deeplyNested, endlessJson, redirectTo, sseEvent, type Collector } from '../support/hostile';
import {
  agentUp,
  cleanupAll,
  clientOn,
  defer,
  errorRecords,
  eventsOf,
  proxyUp,
  rpcError,
  transportUp,
} from '../support/transport-harness';

afterEach(cleanupAll);

const SECRET = { 'x-api-key': 'sk-hostile-test-0123456789' };

async function collector(): Promise<Collector> {
  const c = await collectorUp();
  defer(() => c.close());
  return c;
}

describe('redirects are never followed', () => {
  it('a 307 on the connection stream: initialize fails naming the target; nothing reaches it', async () => {
    const a = await agentUp();
    const other = await collector();
    const p = await proxyUp(a.url, {
      hook: (r) => (r.sse && r.lane === 'connection' ? redirectTo(other.url) : undefined),
    });
    const { t } = transportUp(p.url, { headers: SECRET, secretHeaderNames: ['x-api-key'] });
    const c = clientOn(t);
    const err = await rpcError(c.initialize());
    expect(err.message).toContain(other.url);
    expect(err.message).toMatch(/does not follow redirects/);
    expect(other.received).toEqual([]);
    expect(p.gets('connection')).toHaveLength(1);
  });

  it('a 307 on a session stream: the prompt fails naming the target, the transport stops; nothing reaches it', async () => {
    const a = await agentUp();
    const other = await collector();
    const p = await proxyUp(a.url, {
      hook: (r) => (r.sse && r.lane.startsWith('session:') ? redirectTo(other.url) : undefined),
    });
    const { t } = transportUp(p.url, { headers: SECRET, secretHeaderNames: ['x-api-key'] });
    const c = clientOn(t);
    await c.initialize();
    const sid = await c.newSession();
    const err = await rpcError(c.prompt(sid, 'chunks 2'));
    expect(err.message).toContain(other.url);
    expect(other.received).toEqual([]);
    expect(t.state).toBe('failed');
    // Not a reconnect loop: the same answer would come back every time.
    expect(p.gets(`session:${sid}`)).toHaveLength(1);
    expect(p.posts('session/prompt')).toHaveLength(0);
  });

  it('a 307 on a POST: that request fails naming the target; the body and headers never reach it', async () => {
    const a = await agentUp();
    const other = await collector();
    let once = true;
    const p = await proxyUp(a.url, {
      hook: (r) => {
        if (r.rpc?.method === 'session/prompt' && once) {
          once = false;
          return redirectTo(other.url);
        }
      },
    });
    const { t } = transportUp(p.url, { headers: SECRET, secretHeaderNames: ['x-api-key'] });
    const c = clientOn(t);
    await c.initialize();
    const sid = await c.newSession();
    const err = await rpcError(c.prompt(sid, 'chunks 2'));
    expect(err.message).toContain(other.url);
    expect(other.received).toEqual([]);
    expect(t.state).toBe('connected');
    expect((await c.prompt(sid, 'chunks 2')).stopReason).toBe('end_turn');
  });
});

describe('bodies and messages the server should not send', () => {
  it('a stream GET answered with an endless JSON body is read only for an excerpt, then retried', async () => {
    const a = await agentUp();
    const counter = { written: 0 };
    let once = true;
    const p = await proxyUp(a.url, {
      hook: (r) => {
        if (r.sse && r.lane.startsWith('session:') && once) {
          once = false;
          return endlessJson(counter);
        }
      },
    });
    const { t, traffic } = transportUp(p.url);
    const c = clientOn(t);
    await c.initialize();
    const sid = await c.newSession();
    expect((await c.prompt(sid, 'chunks 3')).stopReason).toBe('end_turn');
    // The client hung up after its 16 KiB excerpt: what the server managed to write is what
    // fits in the socket buffers, far below the 256 MiB it was ready to send.
    expect(counter.written).toBeLessThan(32 * 1024 * 1024);
    const record = traffic.find((r) => r.kind === 'http' && r.method === 'GET' && r.status === 200 && r.error);
    expect(record && 'error' in record ? (record.error ?? '').length : Infinity).toBeLessThanOrEqual(300);
  });

  it('a message nested 20,000 levels deep is skipped with a traffic error; the stream and the turn go on', async () => {
    const a = await agentUp();
    const p = await proxyUp(a.url, {
      hook: (r) =>
        r.sse && r.lane.startsWith('session:')
          ? { forward: true, sse: { afterEvents: 0, inject: sseEvent(deeplyNested(20_000, r.sessionId ?? '')) } }
          : undefined,
    });
    const { t, events, traffic } = transportUp(p.url);
    const c = clientOn(t);
    await c.initialize();
    const sid = await c.newSession();
    expect((await c.prompt(sid, 'chunks 3')).stopReason).toBe('end_turn');
    expect(errorRecords(traffic).map((e) => e.message)).toContain(
      'JSON nested deeper than 256 levels in an SSE event (skipped)',
    );
    expect(eventsOf(events, 'connection-lost')).toEqual([]);
    expect(p.gets(`session:${sid}`)).toHaveLength(1);
  });
});

describe('secrets echoed by the server never come back out', () => {
  it('a 500 quoting the bare token: the error, the events and the traffic hold no trace of it', async () => {
    const a = await agentUp();
    let once = true;
    const p = await proxyUp(a.url, {
      hook: (r) => {
        if (r.rpc?.method === 'session/prompt' && once) {
          once = false;
          return { respond: 500, body: `{"error":"bad key tok-live-4242abcd for token=Bearer tok-live-4242abcd"}` };
        }
      },
    });
    const { t, events, traffic } = transportUp(`${p.url}?api_key=qs-secret-777`, {
      headers: { authorization: 'Bearer tok-live-4242abcd' },
      secretHeaderNames: ['authorization'],
      secretValues: ['Bearer tok-live-4242abcd'],
    });
    const c = clientOn(t);
    await c.initialize();
    const sid = await c.newSession();
    const err = await rpcError(c.prompt(sid, 'chunks 2'));
    expect(err.message).toContain('HTTP 500');
    const everything = JSON.stringify({ err: { message: err.message, data: err.data }, events, traffic });
    expect(everything).not.toContain('tok-live-4242abcd');
    expect(everything).not.toContain('qs-secret-777');
    expect(everything).toContain('[redacted]');
  });
});

describe('Test connection (endpoints:test) never quotes a secret', () => {
  it('a server echoing the key in its error body: the sentence holds neither the key nor the URL token', async () => {
    const { probeEndpoint } = await import('../../src/core/transport/probe');
    const a = await agentUp();
    const p = await proxyUp(a.url, {
      hook: () => ({ respond: 500, body: 'denied for key sk-probe-55aa66bb (Bearer sk-probe-55aa66bb)' }),
    });
    const err = await probeEndpoint({
      id: 'e1',
      name: 'Hostile',
      url: `${p.url}?api_key=url-secret-9191`,
      transport: 'http',
      headers: { 'x-api-key': 'sk-probe-55aa66bb' },
      secretHeaderNames: ['x-api-key'],
      secretValues: ['sk-probe-55aa66bb'],
      cwd: '/tmp',
      mcpServers: [],
    }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/HTTP 500/);
    expect(err?.message).not.toMatch(/sk-probe-55aa66bb|url-secret-9191/);
  });
});
