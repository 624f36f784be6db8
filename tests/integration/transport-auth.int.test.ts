/**
 * Dynamic credentials (issue 15, AcpTransportOptions.auth) against a real SDK AcpServer behind
 * a bearer gate (tests/support/bearer-gate.ts) and the fault proxy: the token goes on every
 * POST, stream, DELETE and upgrade; a rotated token is refreshed once on the 401 and the
 * refused request sent again (never a prompt twice); a refresh refused stops with "sign in
 * again" and no retry loop; the token never reaches a traffic record; and close() while the
 * credentials are being asked for or refreshed leaves nothing running.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AcpTransport } from '../../src/core/transport/acp-transport';
import type { TransportAuth } from '../../src/core/transport/transport-options';
import { startBearerGate, type BearerGate } from '../support/bearer-gate';
import type { FaultProxy } from '../support/fault-proxy';
import {
  agentUp,
  chunkTexts,
  cleanupAll,
  clientOn,
  defer,
  proxyUp,
  quietFor,
  rpcError,
  transportUp,
  waitFor,
} from '../support/transport-harness';

afterEach(cleanupAll);

const T1 = 'at_7Qm2v9XkR4pL8sN1cW6y';
const T2 = 'at_3Hd5uJ0bT7eZ2fG9aK4r';
const never = <T>() => new Promise<T>(() => undefined);

/** An OAuth client as the transport sees it: the cached token, refreshed from the gate on a 401. */
class TestAuth implements TransportAuth {
  value: string;
  headerCalls = 0;
  readonly challenges: Array<string | null> = [];
  /** refresh: take the gate's token; refuse: sign in again; stale: say yes, keep the old token; hang. */
  onUnauthorized: 'refresh' | 'refuse' | 'stale' | 'hang' = 'refresh';
  hangHeader = false;

  constructor(private readonly gate: BearerGate) {
    this.value = `Bearer ${gate.token}`;
  }

  header(): Promise<string | undefined> {
    this.headerCalls++;
    return this.hangHeader ? never() : Promise.resolve(this.value);
  }

  unauthorized(challenge: string | null): Promise<boolean> {
    this.challenges.push(challenge);
    switch (this.onUnauthorized) {
      case 'refresh':
        this.value = `Bearer ${this.gate.token}`;
        return Promise.resolve(true);
      case 'refuse':
        return Promise.resolve(false);
      case 'stale':
        return Promise.resolve(true);
      case 'hang':
        return never();
    }
  }
}

async function rig(profile: 'http' | 'ws', headers?: Record<string, string>) {
  const a = await agentUp();
  const p = await proxyUp(a.url);
  const gate = await startBearerGate(p.url, T1);
  defer(() => gate.close());
  const auth = new TestAuth(gate);
  const { t, events, traffic } = transportUp(gate.url, { profile, auth, ...(headers ? { headers } : {}) });
  const c = clientOn(t);
  await c.initialize();
  const sid = await c.newSession();
  return { a, p, gate, auth, t, events, traffic, c, sid };
}

/** close() ends everything: no timer, no request, no socket held through the gate, nothing sent after. */
async function closeAndCheck(t: AcpTransport, gate: BearerGate, p: FaultProxy): Promise<void> {
  await t.close();
  expect(t.state).toBe('closed');
  expect(t.diagnostics).toEqual({ phase: 'closed', timers: 0, pendingRequests: 0 });
  await waitFor(() => gate.openSockets() === 0, 'no stream or socket held through the gate', 2_000);
  await waitFor(() => p.openStreams().length === 0, 'no stream open at the agent', 2_000);
  const seen = gate.requests.length;
  // Longer than the whole fast backoff ladder (FAST_LIMITS: 20 ms base, 200 ms cap).
  await quietFor(800);
  expect(gate.requests.slice(seen)).toEqual([]);
}

/** Drops the connection under the transport: the WebSocket, or every HTTP stream. */
function dropConnection(profile: 'http' | 'ws', p: FaultProxy): void {
  if (profile === 'ws') for (const u of p.upgrades) u.destroy();
  else for (const s of p.openStreams()) s.end();
}

describe.each(['http', 'ws'] as const)('dynamic credentials on %s', (profile) => {
  it('the current token goes on every request, stream, DELETE and upgrade, over the endpoint’s own Authorization', async () => {
    const { gate, auth, t, c, sid } = await rig(profile, { Authorization: 'Bearer static-endpoint-value-1' });
    expect((await c.prompt(sid, 'chunks 2')).stopReason).toBe('end_turn');
    await t.close();
    expect(gate.refused()).toEqual([]);
    expect(auth.challenges).toEqual([]);
    expect(new Set(gate.requests.map((r) => r.authorization))).toEqual(new Set([`Bearer ${T1}`]));
    const lanes = new Set(gate.requests.map((r) => r.lane));
    if (profile === 'ws') expect([...lanes]).toEqual(['upgrade']);
    else
      for (const lane of ['post initialize', 'connection', 'post session/new', `session:${sid}`, 'post session/prompt'])
        expect(lanes).toContain(lane);
    if (profile === 'http') expect(lanes).toContain('delete');
  });

  it('unauthorized() false: one refusal, an auth failure that says to sign in again, no retry loop', async () => {
    const { p, gate, auth, t, c, sid } = await rig(profile);
    expect((await c.prompt(sid, 'chunks 1')).stopReason).toBe('end_turn');
    auth.onUnauthorized = 'refuse';
    gate.rotate(T2);
    if (profile === 'http') {
      const err = await rpcError(c.prompt(sid, 'chunks 1'));
      expect(err.message).toMatch(/sign in again/);
      expect(gate.refused().map((r) => r.lane)).toEqual(['post session/prompt']);
      expect(p.posts('session/prompt')).toHaveLength(1);
    } else {
      dropConnection(profile, p);
      await waitFor(() => t.state === 'failed', 'failed', 5_000);
      expect(gate.refused().map((r) => r.lane)).toEqual(['upgrade']);
    }
    await waitFor(() => t.state === 'failed', 'failed');
    expect(t.failure?.kind).toBe('auth');
    expect(t.failure?.message).toMatch(/\(HTTP 401\); sign in again/);
    expect(auth.challenges).toEqual([gate.challenge]);
    expect(gate.challenge).toMatch(/^Bearer resource_metadata="http:\/\/127\.0\.0\.1:\d+\/\.well-known\//);
    // The failed link's best-effort DELETE (refused too) is the last thing sent; nothing is retried.
    if (profile === 'http') await waitFor(() => gate.requests.some((r) => r.lane === 'delete'), 'the DELETE');
    const seen = gate.requests.length;
    await quietFor(600);
    expect(gate.requests.slice(seen)).toEqual([]);
  });

  it('the token never appears in a traffic record or event, before or after a refresh', async () => {
    const { p, gate, t, events, traffic, c, sid } = await rig(profile);
    // The agent echoes the prompt, so the token travels in bodies both ways.
    expect(chunkTexts(c, sid)).toEqual([]);
    expect((await c.prompt(sid, `echo ${T1}`)).stopReason).toBe('end_turn');
    gate.rotate(T2);
    if (profile === 'ws') {
      dropConnection(profile, p);
      await waitFor(() => gate.passed('upgrade').length === 2 && t.state === 'connected', 'rebuilt with the new token');
    }
    expect((await c.prompt(sid, `echo ${T1} again`)).stopReason).toBe('end_turn');
    // Once the transport holds the new token, it is masked wherever it shows up.
    expect((await c.prompt(sid, `echo ${T2} and ${T1}`)).stopReason).toBe('end_turn');
    const wire = JSON.stringify(traffic) + JSON.stringify(events);
    expect(wire).toContain('[redacted]');
    for (const token of [T1, T2]) expect(wire).not.toContain(token);
    // What the client was handed is masked too (known secret values).
    expect(chunkTexts(c, sid).join(' ')).not.toMatch(/at_/);
  });

  it('close() while header() is pending leaves no timer, request or socket', async () => {
    const { p, gate, auth, t, c, sid } = await rig(profile);
    auth.hangHeader = true;
    const asked = auth.headerCalls;
    let pending: Promise<unknown>;
    if (profile === 'http') pending = c.prompt(sid, 'chunks 1').catch((e: Error) => e);
    else {
      dropConnection(profile, p);
      pending = Promise.resolve();
    }
    await waitFor(() => auth.headerCalls > asked, 'header() asked');
    await closeAndCheck(t, gate, p);
    if (profile === 'http') expect(await pending).toBeInstanceOf(Error);
    expect(p.posts('session/prompt')).toHaveLength(0);
  });

  it('close() while unauthorized() is pending leaves no timer, request or socket', async () => {
    const { p, gate, auth, t, c, sid } = await rig(profile);
    auth.onUnauthorized = 'hang';
    gate.rotate(T2);
    const pending = profile === 'http' ? c.prompt(sid, 'chunks 1').catch((e: Error) => e) : Promise.resolve();
    if (profile === 'ws') dropConnection(profile, p);
    await waitFor(() => auth.challenges.length === 1, 'unauthorized() called');
    await closeAndCheck(t, gate, p);
    if (profile === 'http') expect(await pending).toBeInstanceOf(Error);
    expect(auth.challenges).toHaveLength(1);
  });
});

describe('dynamic credentials on http: refreshed on the 401', () => {
  it('rotated between turns: the refused prompt POST goes again once with the new token; the agent sees it once', async () => {
    const { p, gate, auth, t, traffic, c, sid } = await rig('http');
    expect((await c.prompt(sid, 'chunks 1')).stopReason).toBe('end_turn');
    gate.rotate(T2);
    expect((await c.prompt(sid, 'chunks 2')).stopReason).toBe('end_turn');
    expect(auth.challenges).toEqual([gate.challenge]);
    expect(gate.refused().map((r) => [r.lane, r.authorization])).toEqual([['post session/prompt', `Bearer ${T1}`]]);
    expect(gate.passed('post session/prompt').map((r) => r.authorization)).toEqual([`Bearer ${T1}`, `Bearer ${T2}`]);
    // The agent saw exactly one prompt per turn, and the inspector shows one outgoing prompt per turn.
    expect(p.posts('session/prompt')).toHaveLength(2);
    const sentPrompts = traffic.filter(
      (r) =>
        r.kind === 'message' && r.direction === 'out' && (r.message as { method?: string }).method === 'session/prompt',
    );
    expect(sentPrompts).toHaveLength(2);
    expect(t.state).toBe('connected');
  });

  it('rotated mid-turn: the session stream’s re-open is refused, refreshed, re-opened with the new token; the turn completes', async () => {
    const { gate, auth, p, t, c, sid } = await rig('http');
    const turn = c.prompt(sid, 'slow 40');
    await waitFor(() => chunkTexts(c, sid).length >= 2, 'the turn streaming');
    gate.rotate(T2);
    for (const s of p.openStreams(`session:${sid}`)) s.end();
    expect((await turn).stopReason).toBe('end_turn');
    expect(gate.refused().map((r) => [r.lane, r.authorization])).toEqual([[`session:${sid}`, `Bearer ${T1}`]]);
    expect(auth.challenges).toEqual([gate.challenge]);
    expect(gate.passed(`session:${sid}`).map((r) => r.authorization)).toEqual([`Bearer ${T1}`, `Bearer ${T2}`]);
    expect(p.posts('session/prompt')).toHaveLength(1);
    expect(t.state).toBe('connected');
  });

  it('a second 401 after a refresh is final: one unauthorized() call, no loop', async () => {
    const { p, gate, auth, t, c, sid } = await rig('http');
    expect((await c.prompt(sid, 'chunks 1')).stopReason).toBe('end_turn');
    auth.onUnauthorized = 'stale';
    gate.rotate(T2);
    const err = await rpcError(c.prompt(sid, 'chunks 1'));
    expect(err.message).toMatch(/sign in again/);
    expect(gate.refused().map((r) => r.lane)).toEqual(['post session/prompt', 'post session/prompt']);
    expect(auth.challenges).toHaveLength(1);
    expect(p.posts('session/prompt')).toHaveLength(1);
    await waitFor(() => t.state === 'failed', 'failed');
    // The failed link's best-effort DELETE is refused too, and (the stale refresh saying yes) tried once more.
    await waitFor(() => gate.refused('delete').length === 2, 'the failed link’s DELETE, refused twice');
    const seen = gate.requests.length;
    await quietFor(600);
    expect(gate.requests.slice(seen)).toEqual([]);
  });
});

describe('dynamic credentials on ws: refreshed on the refused upgrade', () => {
  it('rotated, then the socket drops: the rebuild’s upgrade is refused, refreshed once, and the session goes on', async () => {
    const { p, gate, auth, t, c, sid } = await rig('ws');
    expect((await c.prompt(sid, 'chunks 1')).stopReason).toBe('end_turn');
    gate.rotate(T2);
    // The open socket was authorized at its upgrade: a turn on it needs nothing new.
    expect((await c.prompt(sid, 'chunks 1')).stopReason).toBe('end_turn');
    dropConnection('ws', p);
    await waitFor(() => gate.passed('upgrade').length === 2 && t.state === 'connected', 'rebuilt');
    expect((await c.prompt(sid, 'chunks 2')).stopReason).toBe('end_turn');
    expect(gate.refused().map((r) => [r.lane, r.authorization])).toEqual([['upgrade', `Bearer ${T1}`]]);
    expect(gate.passed('upgrade').map((r) => r.authorization)).toEqual([`Bearer ${T1}`, `Bearer ${T2}`]);
    expect(auth.challenges).toEqual([gate.challenge]);
  });
});
