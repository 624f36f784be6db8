/**
 * Request-scoped elicitation end to end (issue 14): the test agent on the SDK's AcpServer sends
 * `elicitation/create` without a sessionId, over HTTP and over WebSocket. The engine keeps it
 * on the endpoint (its status carries it to the windows, not the session's timeline), the
 * person's answer reaches the agent, a URL one waits for `elicitation/complete`, and closing
 * the endpoint answers cancel.
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

interface Setup {
  a: TestAgent;
  h: Harness;
  endpointId: string;
  sessionId: string;
}

async function setup(transport: 'http' | 'ws'): Promise<Setup> {
  const a = await startTestAgent();
  cleanups.push(() => a.close());
  const h = await engineHarness();
  cleanups.push(() => h.close());
  const endpointId = await h.addEndpoint('A', a.url, transport);
  const { sessionId } = await h.engine.newSession(endpointId, '/tmp');
  return { a, h, endpointId, sessionId };
}

const state = (h: Harness, id: string): SessionState => h.engine.snapshot(id).state;
const texts = (s: SessionState) => s.entryIds.map((id) => `${s.entries[id]!.kind}:${entryText(s.entries[id]!)}`);
const waiting = (h: Harness, endpointId: string) =>
  h.engine.endpointStatuses().find((s) => s.endpointId === endpointId)?.elicitations ?? [];
const lastPushed = (h: Harness, endpointId: string) => h.statuses.filter((s) => s.endpointId === endpointId).at(-1);
const agentSaid = (a: TestAgent, sessionId: string) =>
  (a.store.get(sessionId)?.history ?? []).flatMap((u) =>
    u.sessionUpdate === 'agent_message_chunk' && u.content.type === 'text' ? [u.content.text] : [],
  );

describe.each(['http', 'ws'] as const)('request-scoped elicitation over %s', (transport) => {
  it('waits on the endpoint, not in the session, and the accepted content reaches the agent', async () => {
    const { h, endpointId, sessionId } = await setup(transport);
    await h.engine.prompt(sessionId, [{ type: 'text', text: 'appask' }]);
    await waitFor(() => waiting(h, endpointId).length === 1);
    const [pending] = waiting(h, endpointId);
    expect(pending!.request).toMatchObject({ mode: 'form', message: 'Which workspace?', requestId: 'workspace' });
    expect(pending!.request.sessionId).toBeUndefined();
    // Pushed to the windows with the endpoint's status.
    expect(lastPushed(h, endpointId)?.elicitations).toEqual([pending]);
    expect(state(h, sessionId).elicitations ?? {}).toEqual({});

    h.engine.resolveEndpointElicitation(endpointId, pending!.requestId, { action: 'accept', content: { seats: 3 } });
    await waitFor(() => state(h, sessionId).turn.lastStopReason === 'end_turn');
    expect(texts(state(h, sessionId))).toEqual(['user:appask', 'agent:app: accept {"seats":3}', 'turn_end:end_turn']);
    expect(waiting(h, endpointId)).toEqual([]);
    expect(lastPushed(h, endpointId)?.elicitations).toBeUndefined();
    expect(() => h.engine.resolveEndpointElicitation(endpointId, pending!.requestId, { action: 'decline' })).toThrow(
      /no longer waiting/,
    );
  });

  it('a declined one sends no content', async () => {
    const { h, endpointId, sessionId } = await setup(transport);
    await h.engine.prompt(sessionId, [{ type: 'text', text: 'appask' }]);
    await waitFor(() => waiting(h, endpointId).length === 1);
    h.engine.resolveEndpointElicitation(endpointId, waiting(h, endpointId)[0]!.requestId, { action: 'decline' });
    await waitFor(() => state(h, sessionId).turn.lastStopReason === 'end_turn');
    expect(texts(state(h, sessionId))).toContain('agent:app: decline');
  });

  it('a URL one, once opened, waits for the agent’s elicitation/complete', async () => {
    const { h, endpointId, sessionId } = await setup(transport);
    await h.engine.prompt(sessionId, [{ type: 'text', text: 'applogin' }]);
    await waitFor(() => waiting(h, endpointId).length === 1);
    const [pending] = waiting(h, endpointId);
    expect(pending!.request).toMatchObject({ mode: 'url', url: 'https://login.example.test/ws' });
    h.engine.resolveEndpointElicitation(endpointId, pending!.requestId, { action: 'accept' });
    await waitFor(() => state(h, sessionId).turn.lastStopReason === 'end_turn');
    expect(texts(state(h, sessionId))).toContain('agent:app: accept');
    await waitFor(() => waiting(h, endpointId).length === 0, 'elicitation/complete', 5000);
    expect(h.statuses.some((s) => s.elicitations?.[0]?.accepted === true)).toBe(true);
  });

  it('closing the endpoint ends the dialog (the waiter is answered cancel as the connection goes)', async () => {
    const { a, h, endpointId, sessionId } = await setup(transport);
    await h.engine.prompt(sessionId, [{ type: 'text', text: 'appask' }]);
    await waitFor(() => waiting(h, endpointId).length === 1);
    const { requestId } = waiting(h, endpointId)[0]!;
    await h.engine.closeEndpoint(endpointId);
    expect(lastPushed(h, endpointId)?.elicitations).toBeUndefined();
    expect(() => h.engine.resolveEndpointElicitation(endpointId, requestId, { action: 'accept' })).toThrow();
    // Nothing was accepted on the person's behalf.
    expect(agentSaid(a, sessionId).some((t) => t.startsWith('app: accept'))).toBe(false);
  });
});
