/**
 * Losing the connection itself: a server restart (the old connection id is unknown → 404),
 * a WebSocket closed under us, a server gone for good. The transport must rebuild the
 * connection, re-attach sessions (session/load or session/resume), say when it cannot, and
 * end every request it cannot complete.
 */
import type http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { EndpointCookies } from '../../src/core/transport/cookies';
import {
  agentUp,
  chunkTexts,
  cleanupAll,
  clientOn,
  eventsOf,
  proxyUp,
  rpcError,
  transportUp,
  waitFor,
  waitForEvent,
} from '../support/transport-harness';

afterEach(cleanupAll);

describe('server restart between turns', () => {
  it.each([
    ['session/load', { resume: false }],
    ['session/resume', { resume: true }],
  ] as const)('re-attaches the session via %s and the next turn on it completes', async (via, caps) => {
    const a = await agentUp(caps);
    const p = await proxyUp(a.url);
    const { t, events } = transportUp(p.url);
    const c = clientOn(t);
    await c.initialize();
    const sid = await c.newSession();
    expect((await c.prompt(sid, 'chunks 3')).stopReason).toBe('end_turn');
    const oldConnection = t.connectionId;
    const before = chunkTexts(c, sid).length;

    await a.close();
    await agentUp({ ...caps, port: a.port, store: a.store });

    const recovered = await waitForEvent(events, 'recovered', (e) => e.sessionId === sid);
    expect(recovered.via).toBe(via);
    const order = events.map((e) => e.type).filter((x) => ['connection-lost', 'reattaching', 'recovered'].includes(x));
    expect(order).toEqual(['connection-lost', 'reattaching', 'recovered']);
    expect(eventsOf(events, 'reattaching')[0]).toMatchObject({ sessionId: sid, via });
    expect(eventsOf(events, 'connection-lost')[0]!.reason).toMatch(/404|no longer knows/);
    // The old id was refused with 404, a new connection was made, the session re-attached on it.
    expect(p.requests.some((r) => r.connectionId === oldConnection && r.status === 404)).toBe(true);
    expect(t.connectionId).not.toBe(oldConnection);
    const attach = p.posts(via);
    expect(attach).toHaveLength(1);
    expect(attach[0]!.sessionId).toBe(sid);
    expect(attach[0]!.connectionId).toBe(t.connectionId);
    await waitFor(() => t.state === 'connected', 'state connected');

    // session/load replays the history (3 chunks) before 'recovered'; resume replays nothing.
    expect(chunkTexts(c, sid).length - before).toBe(via === 'session/load' ? 3 : 0);
    expect((await c.prompt(sid, 'chunks 4')).stopReason).toBe('end_turn');
    const after = chunkTexts(c, sid);
    expect(after.length - before).toBe(via === 'session/load' ? 7 : 4);
    expect(after.slice(-4)).toEqual(['c0 ', 'c1 ', 'c2 ', 'c3 ']);
  });

  it('an agent that can neither load nor resume: the session is reported detached, its next prompt fails clearly', async () => {
    const caps = { loadSession: false, resume: false };
    const a = await agentUp(caps);
    const p = await proxyUp(a.url);
    const { t, events } = transportUp(p.url);
    const c = clientOn(t);
    await c.initialize();
    const sid = await c.newSession();
    expect((await c.prompt(sid, 'chunks 2')).stopReason).toBe('end_turn');

    await a.close();
    await agentUp({ ...caps, port: a.port });

    const detached = await waitForEvent(events, 'detached', (e) => e.sessionId === sid);
    expect(detached.reason).toMatch(/neither resume nor load/);
    expect(eventsOf(events, 'recovered')).toEqual([]);
    await waitFor(() => t.state === 'connected', 'state connected');
    const started = Date.now();
    const err = await rpcError(c.prompt(sid, 'chunks 2'));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(err.message).toMatch(/not found|detached|cannot continue/i);
    // New sessions work on the new connection.
    const sid2 = await c.newSession();
    expect((await c.prompt(sid2, 'hello')).stopReason).toBe('end_turn');
  });
});

describe('WebSocket connection loss', () => {
  it('the socket is destroyed between turns: a new WebSocket, session/load, and the next turn completes', async () => {
    const a = await agentUp();
    const p = await proxyUp(a.url);
    const { t, events, traffic } = transportUp(p.url, { profile: 'ws' });
    const c = clientOn(t);
    await c.initialize();
    const sid = await c.newSession();
    expect((await c.prompt(sid, 'permission')).stopReason).toBe('end_turn');
    expect(p.upgrades).toHaveLength(1);

    p.upgrades[0]!.destroy();
    const recovered = await waitForEvent(events, 'recovered', (e) => e.sessionId === sid);
    expect(recovered.via).toBe('session/load');
    expect(eventsOf(events, 'connection-lost')[0]!.reason).toMatch(/WebSocket closed/);
    expect(traffic.some((r) => r.kind === 'websocket' && r.phase === 'closed')).toBe(true);
    expect(p.upgrades).toHaveLength(2);
    await waitFor(() => t.state === 'connected', 'state connected');

    expect((await c.prompt(sid, 'chunks 5')).stopReason).toBe('end_turn');
    expect(chunkTexts(c, sid).slice(-5)).toEqual(['c0 ', 'c1 ', 'c2 ', 'c3 ', 'c4 ']);
    expect(t.profile).toBe('ws');
  });

  it('the socket is destroyed mid-turn: the turn ends "interrupted", the session recovers, the next turn completes', async () => {
    const a = await agentUp();
    const p = await proxyUp(a.url);
    const { t, events } = transportUp(p.url, { profile: 'ws' });
    const c = clientOn(t);
    await c.initialize();
    const sid = await c.newSession();
    const turn = rpcError(c.prompt(sid, 'slow 50'));
    await waitFor(() => chunkTexts(c, sid).length >= 3, 'three chunks');
    p.upgrades[0]!.destroy();
    const err = await turn;
    expect(err.data?.kind).toBe('interrupted');
    expect(err.message).toMatch(/interrupted/);
    await waitForEvent(events, 'recovered', (e) => e.sessionId === sid);
    await waitFor(() => t.state === 'connected', 'state connected');
    expect((await c.prompt(sid, 'hello')).stopReason).toBe('end_turn');
  });
});

describe.each(['http', 'ws'] as const)('connection lost for good (%s)', (profile) => {
  it('a prompt in flight ends "interrupted"; after the fast budget the transport is offline, a new request waits visibly, and Retry now brings it back once the server is', async () => {
    const a = await agentUp({ store: new Map() });
    const p = await proxyUp(a.url);
    // A slow retry far beyond the test: only Retry now can bring it back in time.
    const { t, events } = transportUp(p.url, { profile, limits: { offlineRetryMs: 10 * 60_000 } });
    const c = clientOn(t);
    await c.initialize();
    const sid = await c.newSession();
    const turn = rpcError(c.prompt(sid, 'slow 500'));
    await waitFor(() => chunkTexts(c, sid).length >= 2, 'two chunks');
    await a.close();
    const err = await turn;
    expect(err.data?.kind).toBe('interrupted');
    await waitFor(() => t.state === 'offline', 'state offline', 5_000);
    const offline = eventsOf(events, 'state').find((e) => e.state === 'offline');
    expect(offline?.detail).toMatch(/offline, retrying every 600 s .*Could not reconnect after 6 attempts/);
    expect(eventsOf(events, 'reconnect').filter((e) => e.lane === 'connection').length).toBeGreaterThan(0);
    expect(eventsOf(events, 'state').some((e) => e.state === 'failed')).toBe(false);

    // A request made while offline is not failed and not lost: it waits, and says so.
    let settled = false;
    const late = c.newSession().finally(() => (settled = true));
    await waitFor(() => events.some((e) => e.type === 'waiting' && e.method === 'session/new'), 'waiting event');
    expect(settled).toBe(false);

    await agentUp({ port: a.port, store: a.store });
    expect(t.retryNow()).toBe(true);
    // Pressed again while the rebuild runs: nothing to do, no second rebuild.
    expect(t.retryNow()).toBe(false);
    const sid2 = await late;
    expect(t.state).toBe('connected');
    expect((await c.prompt(sid2, 'chunks 2')).stopReason).toBe('end_turn');
  });

  it('offline retries on its own every offlineRetryMs; the session is re-attached when the server is back', async () => {
    const a = await agentUp();
    const p = await proxyUp(a.url);
    const { t, events } = transportUp(p.url, { profile, limits: { offlineRetryMs: 100 } });
    const c = clientOn(t);
    await c.initialize();
    const sid = await c.newSession();
    expect((await c.prompt(sid, 'chunks 2')).stopReason).toBe('end_turn');
    await a.close();
    await waitFor(() => t.state === 'offline', 'state offline', 5_000);
    await agentUp({ port: a.port, store: a.store });
    await waitForEvent(events, 'recovered', (e) => e.sessionId === sid, 5_000);
    await waitFor(() => t.state === 'connected', 'state connected');
    expect((await c.prompt(sid, 'chunks 2')).stopReason).toBe('end_turn');
  });
});

describe('cookie affinity', () => {
  /** A "load balancer" that pins the client with a cookie set on initialize and 404s strays. */
  const affinity =
    (h: http.RequestListener): http.RequestListener =>
    (req, res) => {
      if (req.method === 'POST' && !req.headers['acp-connection-id']) {
        res.setHeader('set-cookie', 'lb=a; Path=/');
        return h(req, res);
      }
      if (!(req.headers.cookie ?? '').split(/;\s*/).includes('lb=a')) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('no affinity cookie');
        return;
      }
      h(req, res);
    };

  it('HTTP: the cookie set by initialize is sent on every later request, and the full turn works', async () => {
    const a = await agentUp({ wrap: affinity });
    const p = await proxyUp(a.url);
    const { t, events } = transportUp(p.url);
    const c = clientOn(t);
    await c.initialize();
    const sid = await c.newSession();
    expect((await c.prompt(sid, 'permission')).stopReason).toBe('end_turn');
    expect(c.permissions).toEqual([sid]);
    const later = p.requests.slice(1);
    expect(later.length).toBeGreaterThanOrEqual(5);
    expect(later.every((r) => r.headers.cookie === 'lb=a')).toBe(true);
    expect(p.requests.every((r) => r.status !== 404)).toBe(true);
    expect(eventsOf(events, 'connection-lost')).toEqual([]);
  });

  it('WebSocket: a cookie from a previous connection is sent on the upgrade of the next one', async () => {
    const a = await agentUp({ wrap: affinity });
    // The upgrade does not pass through `wrap`: the proxy plays the load balancer for it.
    const p = await proxyUp(a.url, {
      hook: (r) =>
        r.upgrade && r.headers.cookie !== 'lb=a' ? { respond: 404, body: 'no affinity cookie' } : undefined,
    });
    const cookies = new EndpointCookies();
    const first = transportUp(p.url, { cookies });
    const c1 = clientOn(first.t);
    await c1.initialize();
    await first.t.close();
    expect(await cookies.count()).toBe(1);

    const second = transportUp(p.url, { cookies, profile: 'ws' });
    const c2 = clientOn(second.t);
    await c2.initialize();
    const sid = await c2.newSession();
    expect((await c2.prompt(sid, 'chunks 2')).stopReason).toBe('end_turn');
    expect(p.upgrades).toHaveLength(1);
    expect(p.upgrades[0]!.req.headers.cookie).toBe('lb=a');
    expect(p.upgrades[0]!.req.status).toBe(101);
  });
});
