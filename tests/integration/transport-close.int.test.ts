/**
 * close() in every lifecycle phase ends everything at once (issue 8 item 2, the seed review's
 * "zombie connections"): afterwards the transport holds no timer and no request, every stream
 * it had open is gone, and nothing reaches the server any more — not a retry, not a rebuild.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AcpTransport } from '../../src/core/transport/acp-transport';
import type { FaultProxy } from '../support/fault-proxy';
import { agentUp, cleanupAll, clientOn, proxyUp, quietFor, transportUp, waitFor } from '../support/transport-harness';

afterEach(cleanupAll);

const never = { handle: () => undefined } as const;

async function closeAndCheck(t: AcpTransport, p: FaultProxy): Promise<void> {
  await t.close();
  expect(t.state).toBe('closed');
  expect(t.diagnostics).toEqual({ phase: 'closed', timers: 0, pendingRequests: 0 });
  await Promise.race([
    Promise.all(p.streams.map((s) => s.closed)),
    new Promise((_, reject) => setTimeout(() => reject(new Error('a stream outlived close()')), 2_000)),
  ]);
  const seen = p.requests.length;
  // Longer than the whole fast backoff ladder (FAST_LIMITS: 20 ms base, 200 ms cap).
  await quietFor(800);
  // close()'s own goodbye (the DELETE, given up after deleteTimeoutMs) may reach the proxy
  // after close() returned on a busy machine: that one at most, and nothing else.
  const after = p.requests.slice(seen).map((r) => `${r.method} ${r.lane}`);
  expect(after.filter((r) => !r.startsWith('DELETE '))).toEqual([]);
  expect(after.filter((r) => r.startsWith('DELETE ')).length).toBeLessThanOrEqual(1);
}

describe.each(['http', 'ws'] as const)('close() on %s', (profile) => {
  it('while open, with a session', async () => {
    const a = await agentUp();
    const p = await proxyUp(a.url);
    const { t } = transportUp(p.url, { profile });
    const c = clientOn(t);
    await c.initialize();
    const sid = await c.newSession();
    expect((await c.prompt(sid, 'chunks 2')).stopReason).toBe('end_turn');
    await closeAndCheck(t, p);
  });

  it('while reconnecting (server down, retries scheduled)', async () => {
    const a = await agentUp();
    const p = await proxyUp(a.url);
    const { t } = transportUp(p.url, { profile });
    const c = clientOn(t);
    await c.initialize();
    await c.newSession();
    await a.close();
    await waitFor(() => t.state === 'reconnecting', 'reconnecting', 5_000);
    await closeAndCheck(t, p);
  });

  it('while offline (slow retry scheduled)', async () => {
    const a = await agentUp();
    const p = await proxyUp(a.url);
    const { t } = transportUp(p.url, { profile, limits: { offlineRetryMs: 200 } });
    const c = clientOn(t);
    await c.initialize();
    await c.newSession();
    await a.close();
    await waitFor(() => t.state === 'offline', 'offline', 5_000);
    // A message waiting for the connection ends too.
    const waiting = c.newSession().catch((e: Error) => e);
    await closeAndCheck(t, p);
    expect(await waiting).toBeInstanceOf(Error);
  });
});

describe('close() on http in the phases a slow server holds open', () => {
  it('while connecting (initialize never answered)', async () => {
    const a = await agentUp();
    const p = await proxyUp(a.url, { hook: (r) => (r.rpc?.method === 'initialize' ? never : undefined) });
    const { t } = transportUp(p.url);
    const c = clientOn(t);
    const init = c.initialize().catch((e: Error) => e);
    await waitFor(() => p.posts('initialize').length === 1, 'initialize sent');
    expect(t.state).toBe('connecting');
    await closeAndCheck(t, p);
    expect(await init).toBeInstanceOf(Error);
  });

  it('while recovering (the rebuild initialize never answered)', async () => {
    const a = await agentUp();
    let first = true;
    const p = await proxyUp(a.url, {
      hook: (r) => {
        if (r.rpc?.method !== 'initialize') return;
        if (first) return void (first = false);
        return never;
      },
    });
    const { t } = transportUp(p.url);
    const c = clientOn(t);
    await c.initialize();
    await c.newSession();
    for (const s of p.openStreams()) s.end();
    p.hook = (r) => (r.sse && r.connectionId ? { respond: 404 } : r.rpc?.method === 'initialize' ? never : undefined);
    await waitFor(() => p.posts('initialize').length === 2, 'the rebuild initialize');
    expect(t.state).toBe('recovering');
    await closeAndCheck(t, p);
  });

  it('while re-attaching (session/load never answered)', async () => {
    const a = await agentUp();
    const p = await proxyUp(a.url);
    const { t } = transportUp(p.url);
    const c = clientOn(t);
    await c.initialize();
    const sid = await c.newSession();
    expect((await c.prompt(sid, 'chunks 1')).stopReason).toBe('end_turn');
    let old = t.connectionId;
    p.hook = (r) =>
      r.connectionId === old && r.sse ? { respond: 404 } : r.rpc?.method === 'session/load' ? never : undefined;
    for (const s of p.openStreams()) s.end();
    await waitFor(() => p.posts('session/load').length === 1, 'session/load sent');
    old = undefined;
    expect(t.state).toBe('recovering');
    expect(t.diagnostics.phase).toBe('reattaching');
    await closeAndCheck(t, p);
  });
});

describe('close() and a DELETE that hangs', () => {
  it('the best-effort DELETE is given up after its deadline; close() still ends everything', async () => {
    const a = await agentUp();
    const p = await proxyUp(a.url, { hook: (r) => (r.method === 'DELETE' ? never : undefined) });
    const { t, traffic } = transportUp(p.url);
    const c = clientOn(t);
    await c.initialize();
    const sid = await c.newSession();
    expect((await c.prompt(sid, 'chunks 1')).stopReason).toBe('end_turn');
    await closeAndCheck(t, p);
    expect(p.requests.filter((r) => r.method === 'DELETE')).toHaveLength(1);
    const del = traffic.find((r) => r.kind === 'http' && r.method === 'DELETE');
    expect(del && 'error' in del ? del.error : '').toMatch(/best-effort DELETE failed/);
  });
});
