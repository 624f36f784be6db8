/**
 * Stream faults on the Streamable HTTP profile, injected by the fault proxy between the
 * transport and the SDK's AcpServer: clean EOF, reset mid-event, half-open stall, stale-reader
 * 409, malformed and oversized events. Each turn must still end, and the gap must be reported.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ProxyHook } from '../support/fault-proxy';
import { HybridClock } from '../support/hybrid-clock';
import {
  agentUp,
  chunkTexts,
  cleanupAll,
  clientOn,
  defer,
  FAST_LIMITS,
  errorRecords,
  eventsOf,
  proxyUp,
  rpcError,
  streamRecords,
  transportUp,
  waitFor,
  waitForEvent,
} from '../support/transport-harness';

afterEach(cleanupAll);

/** Applies `decision` to the first GET of any session stream, forwards everything else. */
function firstSessionStream(
  sse:
    | { afterEvents?: number; inject?: string; then?: 'end' | 'reset' | 'stall' }
    | ((sessionId: string) => { afterEvents?: number; inject?: string }),
): ProxyHook {
  let used = false;
  return (r) => {
    if (used || !r.lane.startsWith('session:')) return undefined;
    used = true;
    return { forward: true, sse: typeof sse === 'function' ? sse(r.sessionId!) : sse };
  };
}

async function rig(hook: ProxyHook, limits = {}, timers?: HybridClock) {
  const a = await agentUp();
  const p = await proxyUp(a.url, { hook });
  const { t, events, traffic } = transportUp(p.url, { limits, ...(timers ? { timers } : {}) });
  const c = clientOn(t);
  await c.initialize();
  const sid = await c.newSession();
  return { a, p, t, events, traffic, c, sid, lane: `session:${sid}` };
}

describe('session stream faults mid-turn', () => {
  it('clean EOF: the stream is re-opened, a gap and a reconnect are reported, the turn ends', async () => {
    const { p, t, events, traffic, c, sid, lane } = await rig(firstSessionStream({ afterEvents: 5, then: 'end' }));
    const r = await c.prompt(sid, 'slow 30');
    expect(r.stopReason).toBe('end_turn');
    const gap = await waitForEvent(events, 'gap', (e) => e.lane === lane);
    expect(gap.sessionId).toBe(sid);
    expect(gap.inFlight).toEqual([expect.stringMatching(/^session\/prompt #/)]);
    expect(eventsOf(events, 'reconnect').some((e) => e.lane === lane && /ended the stream/.test(e.reason))).toBe(true);
    expect(streamRecords(traffic, 'closed', lane)).toHaveLength(1);
    expect(streamRecords(traffic, 'gap', lane)).toHaveLength(1);
    expect(p.gets(lane)).toHaveLength(2);
    expect(p.maxConcurrentGetsPerLane()).toBe(1);
    expect(t.state).toBe('connected');
  });

  it('reset in the middle of an event: the half event is dropped, the gap reported, the turn ends', async () => {
    const { p, t, events, traffic, c, sid, lane } = await rig(firstSessionStream({ afterEvents: 4, then: 'reset' }));
    const r = await c.prompt(sid, 'slow 30');
    expect(r.stopReason).toBe('end_turn');
    await waitForEvent(events, 'gap', (e) => e.lane === lane);
    expect(streamRecords(traffic, 'error', lane)).toHaveLength(1);
    expect(eventsOf(events, 'reconnect').some((e) => e.lane === lane && /stream broke/.test(e.reason))).toBe(true);
    // The truncated event was not parsed as anything.
    expect(errorRecords(traffic).filter((e) => e.lane === lane)).toEqual([]);
    expect(p.gets(lane)).toHaveLength(2);
    expect(p.maxConcurrentGetsPerLane()).toBe(1);
    // At least one chunk (the half-written one) was lost; the ones delivered are in order.
    const texts = chunkTexts(c, sid);
    expect(texts.length).toBeLessThan(30);
    expect(texts).toEqual([...texts].sort((x, y) => Number(x.slice(1)) - Number(y.slice(1))));
    expect(t.state).toBe('connected');
  });

  it('half-open stall: the idle timeout fires, the stream is re-opened, the turn ends', async () => {
    // On the transport's own clock: once the stream has stalled (after 3 events), the idle
    // timeout is made to pass at once, long before the ~2 s turn ends, so the answer arrives
    // on the re-opened stream whatever the machine's load (no real-time margin involved).
    const clock = new HybridClock();
    defer(() => clock.dispose());
    const { p, events, traffic, c, sid, lane } = await rig(
      firstSessionStream({ afterEvents: 3, then: 'stall' }),
      { idleTimeoutMs: 1_500 },
      clock,
    );
    const turn = c.prompt(sid, 'slow 100');
    await waitFor(() => p.streams.some((s) => s.req.lane === lane && s.state === 'stalled'), 'the stall');
    await clock.skip(1_600);
    const r = await turn;
    expect(r.stopReason).toBe('end_turn');
    expect(streamRecords(traffic, 'idle-timeout', lane)).toHaveLength(1);
    await waitForEvent(events, 'gap', (e) => e.lane === lane);
    expect(eventsOf(events, 'reconnect').some((e) => e.lane === lane && /half-open/.test(e.reason))).toBe(true);
    expect(p.streams.filter((s) => s.req.lane === lane).map((s) => s.state)).toEqual(['closed', 'open']);
    expect(p.gets(lane)).toHaveLength(2);
    // The stalled GET was aborted before the new one was sent.
    expect(p.maxConcurrentGetsPerLane()).toBe(1);
  });

  it('stale reader: 409 on the first two re-opens backs off, then the stream is back and the turn ends', async () => {
    let sessionGets = 0;
    const { p, events, traffic, c, sid, lane } = await rig((r) => {
      if (!r.lane.startsWith('session:')) return undefined;
      sessionGets++;
      if (sessionGets === 1) return { forward: true, sse: { afterEvents: 3, then: 'end' } };
      if (sessionGets <= 3) return { respond: 409, body: 'Outbound stream already has an active receiver' };
      return undefined;
    });
    const r = await c.prompt(sid, 'slow 30');
    expect(r.stopReason).toBe('end_turn');
    const conflicts = streamRecords(traffic, 'conflict', lane);
    expect(conflicts).toHaveLength(2);
    expect(conflicts[0]!.status).toBe(409);
    const reconnects = eventsOf(events, 'reconnect').filter((e) => e.lane === lane);
    expect(reconnects.map((e) => e.attempt)).toEqual([1, 2, 3]);
    expect(reconnects.slice(1).every((e) => /409/.test(e.reason))).toBe(true);
    // Full jitter with random 0.5: half of base·2^n.
    expect(reconnects.map((e) => e.delayMs)).toEqual([10, 20, 40]);
    await waitForEvent(events, 'gap', (e) => e.lane === lane);
    expect(p.gets(lane).map((g) => g.status)).toEqual([200, 409, 409, 200]);
  });
});

describe('a stream that never stays up', () => {
  it('opens and breaks at once, every time: the budget is spent, the connection is rebuilt, the session recovers', async () => {
    let firstConnection: string | undefined;
    const a = await agentUp();
    const p = await proxyUp(a.url, {
      hook: (r) => {
        if (!r.lane.startsWith('session:')) return undefined;
        firstConnection ??= r.connectionId;
        // 200 + headers, then the socket dies: "open" but never healthy.
        if (r.connectionId === firstConnection)
          return { respond: 200, headers: { 'content-type': 'text/event-stream' }, destroy: true };
      },
    });
    // A stream counts as healthy only once it has stayed up for healthyAfterMs; here that is
    // far beyond the test, so no real-time margin decides whether a re-open that "opened" for
    // an instant resets the attempt counter (it must not), whatever the machine's load.
    const { t, events, traffic } = transportUp(p.url, {
      limits: { backoff: { ...FAST_LIMITS.backoff!, healthyAfterMs: 60_000 } },
    });
    const c = clientOn(t);
    await c.initialize();
    const sid = await c.newSession();
    const lane = `session:${sid}`;
    await waitFor(() => streamRecords(traffic, 'given-up', lane).length === 1, 'the session lane to give up');
    expect(streamRecords(traffic, 'reconnect-scheduled', lane).map((r) => r.attempt)).toEqual([1, 2, 3, 4, 5, 6]);
    await waitForEvent(events, 'connection-lost');
    await waitForEvent(events, 'recovered', (e) => e.sessionId === sid);
    await waitFor(() => t.state === 'connected', 'state connected');
    expect((await c.prompt(sid, 'chunks 2')).stopReason).toBe('end_turn');
    expect(p.gets(lane).filter((g) => g.connectionId === firstConnection)).toHaveLength(7);
  });
});

describe('connection stream faults', () => {
  it('clean EOF on the connection stream between turns: it is re-opened and session/new still works', async () => {
    const { p, t, events, traffic, c, sid } = await rig(() => undefined);
    expect((await c.prompt(sid, 'chunks 3')).stopReason).toBe('end_turn');
    const [conn] = p.openStreams('connection');
    conn!.end();
    await waitForEvent(events, 'gap', (e) => e.lane === 'connection');
    expect(eventsOf(events, 'reconnect').filter((e) => e.lane === 'connection')).toHaveLength(1);
    expect(streamRecords(traffic, 'closed', 'connection')).toHaveLength(1);
    const sid2 = await c.newSession();
    expect((await c.prompt(sid2, 'chunks 3')).stopReason).toBe('end_turn');
    expect(p.gets('connection')).toHaveLength(2);
    expect(new Set(p.gets('connection').map((g) => g.connectionId)).size).toBe(1);
    expect(p.maxConcurrentGetsPerLane()).toBe(1);
    expect(t.state).toBe('connected');
  });
});

describe('bad input on a stream', () => {
  it('malformed events are recorded as traffic errors and skipped; multi-line data is joined; the turn ends', async () => {
    const injected = (sid: string) =>
      'data: {not json\n\n' +
      'data: [1,2]\n\n' +
      'data: 42\n\n' +
      ': a comment\n\n' +
      'data: {"jsonrpc":"2.0","method":"session/update",\n' +
      `data: "params":{"sessionId":"${sid}","update":{"sessionUpdate":"agent_message_chunk","content":{"type":"text","text":"injected"}}}}\n\n`;
    const { t, traffic, c, sid, lane } = await rig(
      firstSessionStream((sid) => ({ afterEvents: 2, inject: injected(sid) })),
    );
    const r = await c.prompt(sid, 'slow 10');
    expect(r.stopReason).toBe('end_turn');
    const errors = errorRecords(traffic).filter((e) => e.lane === lane);
    expect(errors.map((e) => e.message)).toEqual([
      'invalid JSON in an SSE event (skipped)',
      'SSE event is not a JSON-RPC 2.0 message (skipped)',
      'SSE event is not a JSON-RPC 2.0 message (skipped)',
    ]);
    expect(errors.map((e) => e.excerpt)).toEqual(['{not json', '[1,2]', '42']);
    const texts = chunkTexts(c, sid);
    expect(texts).toContain('injected');
    expect(texts.filter((x) => x !== 'injected')).toEqual(Array.from({ length: 10 }, (_, i) => `c${i} `));
    expect(t.state).toBe('connected');
  });

  it('an oversized notification is skipped with a traffic error naming the limit, and the turn still ends', async () => {
    const { t, events, traffic, c, sid, lane } = await rig(() => undefined, { maxMessageBytes: 10_000 });
    const r = await c.prompt(sid, 'big 50000');
    expect(r.stopReason).toBe('end_turn');
    const err = errorRecords(traffic).find((e) => e.lane === lane && /10000-byte limit/.test(e.message));
    expect(err).toBeDefined();
    expect(err!.excerpt).toContain('session/update');
    const ev = await waitForEvent(events, 'error', (e) => /10000-byte limit/.test(e.message));
    expect(ev.message).toContain(sid);
    // The user message chunk before it arrived; the big chunk did not.
    expect(c.updates.get(sid)!.map((u) => u.sessionUpdate)).toEqual(['user_message_chunk']);
    expect(t.state).toBe('connected');
  });

  it('an oversized response fails its request with a too-large error instead of hanging', async () => {
    const huge: { inject?: (id: string | number) => void } = {};
    const { p, t, traffic, c } = await rig(
      (r) => {
        if (r.rpc?.method !== 'session/list') return undefined;
        const id = r.rpc.id!;
        setImmediate(() => huge.inject!(id));
        return { respond: 202 };
      },
      { maxMessageBytes: 10_000 },
    );
    huge.inject = (id) => {
      const sessions = Array.from({ length: 500 }, (_, i) => ({
        sessionId: `sess_big_${i}`,
        cwd: `/very/long/path/number/${i}`,
      }));
      p.openStreams('connection')[0]!.inject(
        `data: ${JSON.stringify({ jsonrpc: '2.0', id, result: { sessions } })}\n\n`,
      );
    };
    const err = await rpcError(c.request('session/list', {}));
    expect(err.code).toBe(-32603);
    expect(err.data?.kind).toBe('too-large');
    expect(err.message).toMatch(/10000-byte limit/);
    expect(errorRecords(traffic).some((e) => e.lane === 'connection' && /10000-byte limit/.test(e.message))).toBe(true);
    // The connection is fine: the next request works.
    const sid2 = await c.newSession();
    expect((await c.prompt(sid2, 'hello')).stopReason).toBe('end_turn');
    expect(t.state).toBe('connected');
  });
});

describe('a prompt whose answer was lost in a gap', () => {
  it('ends as interrupted when the session stays silent after the gap (nothing waits forever)', async () => {
    // First GET of the session stream ends after 2 events (a gap); every re-open then stalls:
    // the server's answer goes into a stream that never reaches us.
    let gets = 0;
    const hook: ProxyHook = (r) => {
      if (!r.lane.startsWith('session:') || !r.sse) return undefined;
      gets++;
      return { forward: true, sse: gets === 1 ? { afterEvents: 2, then: 'end' } : { afterEvents: 0, then: 'stall' } };
    };
    const a = await agentUp();
    const p = await proxyUp(a.url, { hook });
    const { t, events } = transportUp(p.url, { limits: { idleTimeoutMs: 60_000 }, gapStallMs: 300 });
    const c = clientOn(t);
    await c.initialize();
    const sid = await c.newSession();
    const err = await rpcError(c.prompt(sid, 'slow 10'));
    expect(err.data?.kind).toBe('interrupted');
    expect(err.message).toMatch(/after the stream gap/);
    await waitForEvent(events, 'gap', (e) => e.sessionId === sid);
  });
});

describe('resumable streams', () => {
  it('sends the last event id it saw as Last-Event-ID when it re-opens a stream whose server sent ids', async () => {
    const withId = 'id: evt-41\ndata: {"jsonrpc":"2.0","method":"_test/ping","params":{}}\n\n';
    const { p, c, sid, lane } = await rig(firstSessionStream({ afterEvents: 2, inject: withId, then: 'end' }));
    const r = await c.prompt(sid, 'slow 10');
    expect(r.stopReason).toBe('end_turn');
    const gets = p.gets(lane);
    expect(gets.length).toBeGreaterThanOrEqual(2);
    expect(gets[0]!.headers['last-event-id']).toBeUndefined();
    expect(gets[1]!.headers['last-event-id']).toBe('evt-41');
  });
});
