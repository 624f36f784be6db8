/**
 * Elicitation end to end (issue 14): the test agent on the SDK's AcpServer asks over HTTP and
 * over WebSocket; the engine shows the request in the session, the user's answer reaches the
 * agent, a URL one waits for `elicitation/complete`, and cancelling the turn cancels it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionState } from '../../src/shared/domain/session';
import { entryText } from '../../src/shared/session/timeline';
import { engineHarness, waitFor, type Harness } from '../support/engine-harness';
import { startTestAgent, type TestAgent } from '../support/test-agent';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(transport: 'http' | 'ws'): Promise<{ a: TestAgent; h: Harness; sessionId: string }> {
  const a = await startTestAgent();
  cleanups.push(() => a.close());
  const h = await engineHarness();
  cleanups.push(() => h.close());
  const { sessionId } = await h.engine.newSession(await h.addEndpoint('A', a.url, transport), '/tmp');
  return { a, h, sessionId };
}

const state = (h: Harness, id: string): SessionState => h.engine.snapshot(id).state;
const texts = (s: SessionState) => s.entryIds.map((id) => `${s.entries[id]!.kind}:${entryText(s.entries[id]!)}`);
const pendingOf = (h: Harness, id: string) => Object.values(state(h, id).elicitations ?? {});

describe.each(['http', 'ws'] as const)('elicitation over %s', (transport) => {
  it('advertises form and URL elicitation in initialize', async () => {
    const { a } = await setup(transport);
    expect(a.clientCapabilities[0]).toMatchObject({ elicitation: { form: {}, url: {} } });
    // No file system access for a remote agent (the SDK fills in fs: false when it is absent).
    expect(a.clientCapabilities[0]).not.toMatchObject({ fs: { readTextFile: true } });
    expect(a.clientCapabilities[0]).not.toMatchObject({ fs: { writeTextFile: true } });
    expect(a.clientCapabilities[0]).not.toHaveProperty('terminal', true);
  });

  it('shows a form request, and the accepted content reaches the agent', async () => {
    const { h, sessionId } = await setup(transport);
    await h.engine.prompt(sessionId, [{ type: 'text', text: 'ask' }]);
    await waitFor(() => pendingOf(h, sessionId).length === 1);
    const [pending] = pendingOf(h, sessionId);
    expect(pending!.request).toMatchObject({ mode: 'form', message: 'Which branch?' });
    h.engine.resolveElicitation(sessionId, pending!.requestId, { action: 'accept', content: { branch: 'main' } });
    await waitFor(() => state(h, sessionId).turn.lastStopReason === 'end_turn');
    expect(texts(state(h, sessionId))).toEqual([
      'user:ask',
      'elicitation:Asked: Which branch? — Answered',
      'agent:asked: accept {"branch":"main"}',
      'turn_end:end_turn',
    ]);
    expect(state(h, sessionId).elicitations).toEqual({});
    expect(() => h.engine.resolveElicitation(sessionId, pending!.requestId, { action: 'decline' })).toThrow();
  });

  it('a declined request sends no content', async () => {
    const { h, sessionId } = await setup(transport);
    await h.engine.prompt(sessionId, [{ type: 'text', text: 'ask' }]);
    await waitFor(() => pendingOf(h, sessionId).length === 1);
    h.engine.resolveElicitation(sessionId, pendingOf(h, sessionId)[0]!.requestId, { action: 'decline' });
    await waitFor(() => state(h, sessionId).turn.lastStopReason === 'end_turn');
    expect(texts(state(h, sessionId))).toContain('agent:asked: decline');
  });

  it('cancelling the turn cancels the pending request', async () => {
    const { h, sessionId } = await setup(transport);
    await h.engine.prompt(sessionId, [{ type: 'text', text: 'ask' }]);
    await waitFor(() => pendingOf(h, sessionId).length === 1);
    await h.engine.cancel(sessionId);
    await waitFor(() => state(h, sessionId).turn.status === 'idle');
    const s = state(h, sessionId);
    expect(s.turn.lastStopReason).toBe('cancelled');
    expect(s.elicitations).toEqual({});
    expect(texts(s)).toContain('elicitation:Asked: Which branch? — Cancelled (the turn was cancelled)');
    expect(texts(s)).toContain('agent:asked: cancel');
  });

  it('a URL request, once opened, ends with the agent’s elicitation/complete', async () => {
    const { h, sessionId } = await setup(transport);
    await h.engine.prompt(sessionId, [{ type: 'text', text: 'login' }]);
    await waitFor(() => pendingOf(h, sessionId).length === 1);
    const [pending] = pendingOf(h, sessionId);
    expect(pending!.request).toMatchObject({ mode: 'url', url: 'https://login.example.test/authorize?session=1' });
    h.engine.resolveElicitation(sessionId, pending!.requestId, { action: 'accept' });
    await waitFor(() => state(h, sessionId).turn.lastStopReason === 'end_turn');
    const s = state(h, sessionId);
    expect(s.elicitations).toEqual({});
    const entry = Object.values(s.entries).find((e) => e.kind === 'elicitation');
    expect(entry).toMatchObject({ outcome: 'accept', completed: true });
    expect(texts(s)).toContain('agent:login: accept');
  });
});
