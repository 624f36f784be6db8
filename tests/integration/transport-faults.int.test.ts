/**
 * The fault matrix (issue 8): the agent's server goes down for 1 s, 5 s or 30 s and comes back
 * on the same port, on HTTP and on WebSocket, with its sessions persisted or not, and a prompt
 * is sent while it is down. Direct to the agent (no proxy), as a user sees it: streams and
 * POSTs get ECONNREFUSED, then the old connection id gets 404. The prompt is never lost: it
 * waits, visibly, goes out once the session is re-attached, and runs exactly once. Outages
 * longer than a second run on a HybridClock (tests/support/hybrid-clock.ts), so 30 s of
 * backoff and offline retries take a fraction of that, with the production backoff policy.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF } from '../../src/core/transport/backoff';
import { HybridClock } from '../support/hybrid-clock';
import type { TestAgent, TestSession } from '../support/test-agent';
import {
  agentUp,
  chunkTexts,
  cleanupAll,
  clientOn,
  defer,
  eventsOf,
  proxyUp,
  rpcError,
  transportUp,
  waitFor,
} from '../support/transport-harness';

afterEach(cleanupAll);

function promptsRun(a: TestAgent, sid: string): number {
  return (a.store.get(sid)?.history ?? []).filter((u) => u.sessionUpdate === 'user_message_chunk').length;
}

const OUTAGES = [
  { label: '1 s', ms: 1_000, virtual: false },
  { label: '5 s', ms: 5_000, virtual: true },
  { label: '30 s', ms: 30_000, virtual: true },
] as const;

describe.each(['http', 'ws'] as const)('%s: server down and back on the same port', (profile) => {
  it.each(OUTAGES)('down $label, sessions persisted, a prompt sent while down: it waits, then runs once', async (o) => {
    const clock = new HybridClock();
    defer(() => clock.dispose());
    const store = new Map<string, TestSession>();
    const a = await agentUp({ store });
    const { t, events } = transportUp(a.url, {
      profile,
      timers: clock,
      limits: { backoff: DEFAULT_BACKOFF, offlineRetryMs: 15_000 },
    });
    const c = clientOn(t);
    await c.initialize();
    const sid = await c.newSession();
    expect((await c.prompt(sid, 'chunks 2')).stopReason).toBe('end_turn');

    await a.close();
    // HTTP notices it as its streams failing to re-open; WebSocket as the socket closing.
    await waitFor(() => events.some((e) => e.type === 'reconnect'), 'the loss noticed');
    const turn = c.prompt(sid, 'chunks 3');
    await waitFor(() => events.some((e) => e.type === 'waiting' && e.method === 'session/prompt'), 'waiting');
    if (o.virtual) await clock.skip(o.ms);
    else await new Promise((r) => setTimeout(r, o.ms));

    const back = await agentUp({ port: a.port, store });
    // However far the backoff had climbed (up to 10 s, then 15 s offline), the clock moves on.
    for (let i = 0; i < 200 && !events.some((e) => e.type === 'recovered'); i++) await clock.skip(250);
    expect((await turn).stopReason).toBe('end_turn');
    expect(chunkTexts(c, sid).slice(-3)).toEqual(['c0 ', 'c1 ', 'c2 ']);
    expect(promptsRun(back, sid)).toBe(2);
    expect(eventsOf(events, 'recovered').map((e) => e.sessionId)).toEqual([sid]);
    expect(t.state).toBe('connected');
    expect(eventsOf(events, 'state').some((e) => e.state === 'failed')).toBe(false);
  });

  it('down 1 s, sessions not persisted: the waiting prompt ends with a sentence, new sessions work', async () => {
    const a = await agentUp();
    const { t, events } = transportUp(a.url, { profile, limits: { offlineRetryMs: 300 } });
    const c = clientOn(t);
    await c.initialize();
    const sid = await c.newSession();
    expect((await c.prompt(sid, 'chunks 1')).stopReason).toBe('end_turn');
    await a.close();
    await waitFor(() => events.some((e) => e.type === 'reconnect'), 'the loss noticed');
    const turn = rpcError(c.prompt(sid, 'chunks 3'));
    await new Promise((r) => setTimeout(r, 1_000));
    await agentUp({ port: a.port });
    const err = await turn;
    expect(err.message).toMatch(/not found|detached|could not|cannot/i);
    await waitFor(() => t.state === 'connected', 'connected');
    expect(eventsOf(events, 'detached').map((e) => e.sessionId)).toEqual([sid]);
    const sid2 = await c.newSession();
    expect((await c.prompt(sid2, 'chunks 1')).stopReason).toBe('end_turn');
  });

  it('a prompt sent while the connection is being rebuilt (server just back) runs once', async () => {
    const store = new Map<string, TestSession>();
    const a = await agentUp({ store });
    const { t, events } = transportUp(a.url, { profile });
    const c = clientOn(t);
    await c.initialize();
    const sid = await c.newSession();
    expect((await c.prompt(sid, 'chunks 1')).stopReason).toBe('end_turn');
    await a.close();
    await waitFor(() => events.some((e) => e.type === 'reconnect'), 'the loss noticed');
    const back = await agentUp({ port: a.port, store });
    const turn = c.prompt(sid, 'chunks 2');
    expect((await turn).stopReason).toBe('end_turn');
    expect(promptsRun(back, sid)).toBe(2);
  });
});

describe('one truthful state while streams re-open', () => {
  it('HTTP: a connection whose stream is re-opening says reconnecting, then connected once it is back', async () => {
    const a = await agentUp();
    let refuse = 0;
    const p = await proxyUp(a.url, {
      hook: (r) => {
        if (r.sse && r.lane === 'connection' && refuse > 0) {
          refuse--;
          return { respond: 503, body: 'busy' };
        }
      },
    });
    const { t, events } = transportUp(p.url);
    const c = clientOn(t);
    await c.initialize();
    await c.newSession();
    refuse = 2;
    for (const s of p.openStreams('connection')) s.end();
    await waitFor(() => t.state === 'reconnecting', 'reconnecting');
    await waitFor(() => refuse === 0 && t.state === 'connected', 'connected again');
    const states = eventsOf(events, 'state').map((e) => e.state);
    expect(states.slice(states.lastIndexOf('reconnecting'))).toEqual(['reconnecting', 'connected']);
    expect(eventsOf(events, 'state').find((e) => e.state === 'reconnecting')?.detail).toMatch(/ended the stream|503/);
  });
});
