/**
 * HTTP-level faults on POSTs and streams (5xx, 401, 404, a POST accepted but never answered),
 * header discipline (Acp-Connection-Id / Acp-Session-Id on exactly the right requests), and
 * many sessions on one HTTP/1.1 origin.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  agentUp,
  chunkTexts,
  cleanupAll,
  clientOn,
  eventsOf,
  proxyUp,
  quietFor,
  rpcError,
  streamRecords,
  transportUp,
  waitFor,
  waitForEvent,
} from '../support/transport-harness';

afterEach(cleanupAll);

describe('POST failures', () => {
  it.each([
    [500, '{"error":"database on fire"}', { error: 'database on fire' }],
    [503, 'Service Unavailable', 'Service Unavailable'],
  ] as const)(
    'HTTP %i on session/prompt fails that request only, with the status and body, and is not re-sent',
    async (status, body, parsed) => {
      const a = await agentUp();
      let failNext = true;
      const p = await proxyUp(a.url, {
        hook: (r) => {
          if (r.rpc?.method === 'session/prompt' && failNext) {
            failNext = false;
            return { respond: status, body };
          }
        },
      });
      const { t, events } = transportUp(p.url);
      const c = clientOn(t);
      await c.initialize();
      const sid = await c.newSession();
      const err = await rpcError(c.prompt(sid, 'chunks 3'));
      expect(err.code).toBe(-32603);
      expect(err.data).toMatchObject({ kind: 'http', status, body: parsed });
      expect(err.message).toContain(`HTTP ${status}`);
      expect(eventsOf(events, 'request-failed')).toEqual([expect.objectContaining({ method: 'session/prompt' })]);
      expect(t.state).toBe('connected');
      expect(eventsOf(events, 'connection-lost')).toEqual([]);

      expect((await c.prompt(sid, 'chunks 3')).stopReason).toBe('end_turn');
      expect(p.posts('session/prompt').map((r) => r.status)).toEqual([status, 202]);
    },
  );

  it('a POST accepted (202) but never answered times out with the per-method timeout', async () => {
    const a = await agentUp();
    const p = await proxyUp(a.url, { hook: (r) => (r.rpc?.method === 'session/list' ? { respond: 202 } : undefined) });
    const { t, events } = transportUp(p.url, { requestTimeoutMs: { 'session/list': 300 } });
    const c = clientOn(t);
    await c.initialize();
    const started = Date.now();
    const err = await rpcError(c.request('session/list', {}));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(2_000);
    expect(err.code).toBe(-32603);
    expect(err.data?.kind).toBe('timeout');
    expect(err.message).toMatch(/No response to session\/list/);
    expect(eventsOf(events, 'request-failed')).toEqual([expect.objectContaining({ method: 'session/list' })]);
    expect(p.posts('session/list')).toHaveLength(1);
    // Still usable.
    const sid = await c.newSession();
    expect((await c.prompt(sid, 'hello')).stopReason).toBe('end_turn');
  });

  it('404 on a POST (connection unknown): the prompt the server never accepted waits and goes out on the rebuilt connection', async () => {
    const a = await agentUp();
    let gone = true;
    const p = await proxyUp(a.url, {
      hook: (r) => {
        if (r.rpc?.method === 'session/prompt' && gone) {
          gone = false;
          return { respond: 404, body: 'Unknown connection' };
        }
      },
    });
    const { t, events } = transportUp(p.url);
    const c = clientOn(t);
    await c.initialize();
    const sid = await c.newSession();
    // Not lost and not "interrupted": the server never took it, so it is sent once more,
    // after the session is re-attached, and the turn completes.
    expect((await c.prompt(sid, 'chunks 2')).stopReason).toBe('end_turn');
    expect(events.some((e) => e.type === 'waiting' && e.method === 'session/prompt')).toBe(true);
    const recovered = events.findIndex((e) => e.type === 'recovered' && e.sessionId === sid);
    expect(recovered).toBeGreaterThanOrEqual(0);
    // Exactly one prompt reached the agent: the refused one was never run.
    expect(p.posts('session/prompt').map((r) => r.status)).toEqual([404, 202]);
    expect((await c.prompt(sid, 'chunks 3')).stopReason).toBe('end_turn');
  });
});

describe('credentials refused', () => {
  it.each(['http', 'auto'] as const)(
    '401 on POST initialize (%s): auth error -32000, state failed, exactly one request',
    async (profile) => {
      const a = await agentUp();
      const p = await proxyUp(a.url, {
        hook: () => ({ respond: 401, body: 'Unauthorized', headers: { 'www-authenticate': 'Bearer' } }),
      });
      const { t } = transportUp(p.url, { profile });
      const c = clientOn(t);
      const err = await rpcError(c.initialize());
      expect(err.code).toBe(-32000);
      expect(err.data?.kind).toBe('auth');
      expect(t.state).toBe('failed');
      expect(t.failure?.kind).toBe('auth');
      await quietFor(300); // absence check: nothing retries
      expect(p.requests).toHaveLength(1);
      const later = await rpcError(c.newSession());
      expect(later.code).toBe(-32000);
      expect(p.requests).toHaveLength(1);
    },
  );

  it('401 on a session stream mid-session: auth-required, the pending prompt fails, no retry storm', async () => {
    const a = await agentUp();
    let refuse = false;
    const p = await proxyUp(a.url, {
      hook: (r) => (refuse && r.sse ? { respond: 401, body: 'token expired' } : undefined),
    });
    const { t, events, traffic } = transportUp(p.url);
    const c = clientOn(t);
    await c.initialize();
    const sid = await c.newSession();
    const lane = `session:${sid}`;
    const turn = rpcError(c.prompt(sid, 'slow 100'));
    await waitFor(() => chunkTexts(c, sid).length >= 2, 'two chunks');
    refuse = true;
    p.openStreams(lane)[0]!.end();
    const err = await turn;
    expect(err.code).toBe(-32000);
    const auth = await waitForEvent(events, 'auth-required');
    expect(auth.status).toBe(401);
    expect(t.state).toBe('failed');
    await waitFor(() => p.requests.some((r) => r.method === 'DELETE'), 'the best-effort DELETE');
    const count = p.requests.length;
    await quietFor(400); // absence check: no retries after the refusal
    expect(p.requests.slice(count).map((r) => `${r.method} ${r.lane} ${r.status}`)).toEqual([]);
    expect(p.gets(lane).map((g) => g.status)).toEqual([200, 401]);
    expect(streamRecords(traffic, 'given-up')).toEqual([]);
    expect(eventsOf(events, 'connection-lost')).toEqual([]);
  });
});

describe('header discipline', () => {
  it('Acp-Session-Id on exactly the session-scoped POSTs and the permission answer; connection id everywhere after initialize', async () => {
    const a = await agentUp();
    const p = await proxyUp(a.url);
    const { t } = transportUp(p.url);
    const c = clientOn(t);
    await c.initialize();
    const sid = await c.newSession();
    expect((await c.prompt(sid, 'permission')).stopReason).toBe('end_turn');
    await c.request('session/list', {}).catch(() => undefined);
    await c.notify('session/cancel', { sessionId: sid });
    // Answered, not just sent: close() aborts whatever is still in flight.
    await waitFor(() => p.posts('session/cancel')[0]?.status !== undefined, 'the cancel POST answered');
    const cid = t.connectionId;
    await t.close();

    const posts = p.posts();
    const byMethod = (m: string) => posts.filter((r) => r.rpc?.method === m);
    const init = byMethod('initialize')[0]!;
    expect(init.connectionId).toBeUndefined();
    expect(init.sessionId).toBeUndefined();
    for (const m of ['session/new', 'session/list']) {
      expect(byMethod(m)).toHaveLength(1);
      expect(byMethod(m)[0]!.sessionId).toBeUndefined();
    }
    for (const m of ['session/prompt', 'session/cancel']) expect(byMethod(m)[0]!.sessionId).toBe(sid);
    const answers = posts.filter((r) => r.rpc?.kind === 'response');
    expect(answers).toHaveLength(1);
    expect(answers[0]!.sessionId).toBe(sid);
    expect(p.requests.filter((r) => r !== init).every((r) => r.connectionId === cid)).toBe(true);
    expect(p.gets('connection').every((r) => r.sessionId === undefined)).toBe(true);
    expect(p.gets(`session:${sid}`)).toHaveLength(1);
    expect(p.requests.filter((r) => r.method === 'DELETE')).toHaveLength(1);
    expect(p.maxConcurrentGetsPerLane()).toBe(1);
    // Every request got an answer from the server (nothing was refused as malformed).
    expect(p.requests.every((r) => r.status !== undefined && r.status < 400)).toBe(true);
  });
});

describe('many sessions on one HTTP/1.1 origin', () => {
  it('50 concurrent sessions with streaming prompts all end (no 6-socket cap)', async () => {
    const a = await agentUp();
    // Direct to the agent (no proxy keep-alives), so the default idle timeout applies.
    const { t, events } = transportUp(a.url, { limits: { idleTimeoutMs: 45_000 } });
    const c = clientOn(t);
    await c.initialize();
    const results = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const sid = await c.newSession();
        const r = await c.prompt(sid, 'chunks 20');
        return { sid, stopReason: r.stopReason };
      }),
    );
    expect(new Set(results.map((r) => r.sid)).size).toBe(50);
    expect(results.every((r) => r.stopReason === 'end_turn')).toBe(true);
    for (const r of results) expect(chunkTexts(c, r.sid)).toEqual(Array.from({ length: 20 }, (_, i) => `c${i} `));
    expect(eventsOf(events, 'gap')).toEqual([]);
  }, 30_000);
});
