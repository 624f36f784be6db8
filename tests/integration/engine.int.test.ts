import { afterEach, describe, expect, it } from 'vitest';
import { entryText } from '../../src/shared/session/timeline';
import type { SessionState } from '../../src/shared/domain/session';
import { engineHarness, MemoryTranscripts, waitFor, type Harness } from '../support/engine-harness';
import { startTestAgent, type TestAgent } from '../support/test-agent';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
async function agentUp(opts = {}): Promise<TestAgent> {
  const a = await startTestAgent(opts);
  cleanups.push(() => a.close());
  return a;
}
async function harness(t = new MemoryTranscripts()): Promise<Harness> {
  const h = await engineHarness(t);
  cleanups.push(() => h.close());
  return h;
}
const texts = (s: SessionState) => s.entryIds.map((id) => `${s.entries[id]!.kind}:${entryText(s.entries[id]!)}`);
const state = (h: Harness, id: string) => h.engine.snapshot(id).state;

describe('session engine', () => {
  it('runs a turn and folds it into state', async () => {
    const a = await agentUp();
    const h = await harness();
    const ep = await h.addEndpoint('A', a.url);
    const { sessionId } = await h.engine.newSession(ep, '/tmp');
    await h.engine.prompt(sessionId, [{ type: 'text', text: 'chunks 5' }]);
    await waitFor(
      () => state(h, sessionId).turn.status === 'idle' && state(h, sessionId).turn.lastStopReason === 'end_turn',
    );
    expect(texts(state(h, sessionId))).toEqual(['user:chunks 5', 'agent:c0 c1 c2 c3 c4 ', 'turn_end:end_turn']);
    // pushed batches carry strictly increasing seqs
    const seqs = h.batches.filter((b) => b.sessionId === sessionId).flatMap((b) => b.events.map((e) => e.seq));
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });

  it('round-trips a permission request through the user', async () => {
    const a = await agentUp();
    const h = await harness();
    const { sessionId } = await h.engine.newSession(await h.addEndpoint('A', a.url), '/tmp');
    await h.engine.prompt(sessionId, [{ type: 'text', text: 'permission' }]);
    await waitFor(() => Object.keys(state(h, sessionId).permissions).length === 1);
    const [requestId] = Object.keys(state(h, sessionId).permissions);
    expect(state(h, sessionId).toolCalls.call_1?.awaitingPermission).toBe(requestId);
    // The history list says it waits for the person (the sidebar badge of a session not open here).
    const row = () => h.summaries.at(-1)?.find((x) => x.sessionId === sessionId);
    await waitFor(() => row()?.waitingFor === 'permission');
    h.engine.resolvePermission(sessionId, requestId!, { outcome: 'selected', optionId: 'allow' });
    await waitFor(() => state(h, sessionId).turn.lastStopReason === 'end_turn');
    await waitFor(() => row() !== undefined && row()?.waitingFor === undefined);
    expect(state(h, sessionId).toolCalls.call_1?.status).toBe('completed');
    expect(() => h.engine.resolvePermission(sessionId, requestId!, { outcome: 'cancelled' })).toThrow(
      /no longer waiting/,
    );
  });

  it('cancelling during a permission wait answers it cancelled and ends the turn cancelled', async () => {
    const a = await agentUp();
    const h = await harness();
    const { sessionId } = await h.engine.newSession(await h.addEndpoint('A', a.url), '/tmp');
    await h.engine.prompt(sessionId, [{ type: 'text', text: 'permission' }]);
    await waitFor(() => Object.keys(state(h, sessionId).permissions).length === 1);
    await h.engine.cancel(sessionId);
    await waitFor(() => state(h, sessionId).turn.status === 'idle');
    expect(state(h, sessionId).turn.lastStopReason).toBe('cancelled');
    expect(state(h, sessionId).permissions).toEqual({});
  });

  it('keeps update kinds the SDK does not know (and malformed ones) as raw events, in order', async () => {
    const a = await agentUp();
    const h = await harness();
    const { sessionId } = await h.engine.newSession(await h.addEndpoint('A', a.url), '/tmp');
    await h.engine.prompt(sessionId, [{ type: 'text', text: 'unknown' }]);
    await waitFor(() => state(h, sessionId).turn.lastStopReason === 'end_turn');
    await h.engine.prompt(sessionId, [{ type: 'text', text: 'invalid' }]);
    await waitFor(
      () => state(h, sessionId).turn.status === 'idle' && state(h, sessionId).entryIds.length >= 6,
      'second turn',
      5000,
    );
    expect(state(h, sessionId).unknownUpdates).toBe(2);
    await waitFor(() =>
      h.batches
        .flatMap((b) => b.events)
        .some((e) => e.event.type === 'turn_ended' && e.seq === state(h, sessionId).lastSeq),
    );
    const kinds = h.batches.filter((b) => b.sessionId === sessionId).flatMap((b) => b.events.map((e) => e.event.type));
    expect(kinds.filter((k) => k === 'unknown_update')).toHaveLength(2);
    // each raw event sits before the chunk the agent sent after it
    const firstUnknown = kinds.indexOf('unknown_update');
    expect(kinds.slice(firstUnknown + 1)).toContain('update');
  });

  it('after an app restart shows the transcript at once, then re-attaches with session/load without duplicating', async () => {
    const a = await agentUp();
    const transcripts = new MemoryTranscripts();
    const h1 = await engineHarness(transcripts);
    const ep = await h1.addEndpoint('A', a.url);
    const { sessionId } = await h1.engine.newSession(ep, '/tmp');
    await h1.engine.prompt(sessionId, [{ type: 'text', text: 'hello' }]);
    await waitFor(() => state(h1, sessionId).turn.lastStopReason === 'end_turn');
    await h1.close();

    const h2 = await engineHarness(transcripts);
    cleanups.push(() => h2.close());
    await h2.endpoints.save(undefined, { name: 'A', url: a.url }); // same URL, new id in a fresh settings dir
    // re-point the transcript at the new endpoint id (a fresh settings file has new ids)
    const newId = h2.endpoints.list().endpoints[0]!.id;
    transcripts.files.get(sessionId)!.endpointId = newId;
    for (const e of transcripts.files.get(sessionId)!.envelopes)
      if (e.event.type === 'session_opened') Object.assign(e.event, { endpointId: newId });
    await h2.engine.init();
    const snap = await h2.engine.openSession(sessionId);
    expect(texts(snap.state)).toEqual(['user:hello', 'agent:echo: hello', 'turn_end:end_turn']);
    await waitFor(
      () =>
        h2.engine.listSessions().find((s) => s.sessionId === sessionId)?.live === true &&
        state(h2, sessionId).replay === null,
    );
    await waitFor(() => state(h2, sessionId).entryIds.length >= 3);
    expect(texts(state(h2, sessionId))).toEqual(['user:hello', 'agent:echo: hello', 'turn_end:end_turn']);
    await h2.engine.prompt(sessionId, [{ type: 'text', text: 'again' }]);
    await waitFor(() => state(h2, sessionId).entryIds.length === 6);
    expect(texts(state(h2, sessionId)).slice(3)).toEqual(['user:again', 'agent:echo: again', 'turn_end:end_turn']);
  });

  it('reads a session read-only when the agent can neither load nor resume', async () => {
    const a = await agentUp({ loadSession: false });
    const transcripts = new MemoryTranscripts();
    const h1 = await engineHarness(transcripts);
    const ep = await h1.addEndpoint('A', a.url);
    const { sessionId } = await h1.engine.newSession(ep, '/tmp');
    await h1.engine.prompt(sessionId, [{ type: 'text', text: 'hi' }]);
    await waitFor(() => state(h1, sessionId).turn.lastStopReason === 'end_turn');
    await h1.engine.closeSession(sessionId);
    await h1.engine.closeEndpoint(ep);
    await h1.engine.openSession(sessionId);
    await waitFor(() => h1.engine.listSessions().find((s) => s.sessionId === sessionId)?.readOnly !== null);
    expect(h1.engine.listSessions().find((s) => s.sessionId === sessionId)?.readOnly).toMatch(
      /neither resume nor load/,
    );
    await expect(h1.engine.prompt(sessionId, [{ type: 'text', text: 'x' }])).rejects.toThrow(/neither resume nor load/);
    await h1.close();
  });

  it('runs two endpoints with three sessions each at once', async () => {
    const [a, b] = await Promise.all([agentUp(), agentUp()]);
    const h = await harness();
    const eps = [await h.addEndpoint('A', a.url, 'http'), await h.addEndpoint('B', b.url, 'ws')];
    const sessions = await Promise.all(eps.flatMap((ep) => [1, 2, 3].map(() => h.engine.newSession(ep, '/tmp'))));
    await Promise.all(
      sessions.map((s, i) => h.engine.prompt(s.sessionId, [{ type: 'text', text: `chunks ${10 + i}` }])),
    );
    await waitFor(
      () => sessions.every((s) => state(h, s.sessionId).turn.lastStopReason === 'end_turn'),
      "every session's turn to end",
      10_000,
    );
    sessions.forEach((s, i) => {
      const agentText = texts(state(h, s.sessionId))[1]!;
      expect(agentText.split(' ').filter(Boolean)).toHaveLength(10 + i);
    });
    expect(new Set(h.engine.endpointStatuses().map((x) => x.transport))).toEqual(new Set(['http', 'ws']));
  });

  it('surfaces auth methods when the agent wants a sign-in, and works after authenticate', async () => {
    const a = await agentUp({ requireAuth: true });
    const h = await harness();
    const ep = await h.addEndpoint('A', a.url);
    await expect(h.engine.newSession(ep, '/tmp')).rejects.toMatchObject({ code: 'unauthorized' });
    const status = h.engine.endpointStatuses().find((s) => s.endpointId === ep)!;
    expect(status.authRequired).toBe(true);
    expect(status.authMethods?.map((m) => m.id)).toEqual(['token']);
    await h.engine.authenticate(ep, 'token');
    const { sessionId } = await h.engine.newSession(ep, '/tmp');
    expect(sessionId).toMatch(/^sess_/);
    expect(h.engine.endpointStatuses().find((s) => s.endpointId === ep)!.authRequired).toBe(false);
  });

  it.each(['fs', 'terminal'])(
    'answers a %s request from the agent with method-not-found (capability not advertised)',
    async (what) => {
      const a = await agentUp();
      const h = await harness();
      const { sessionId } = await h.engine.newSession(await h.addEndpoint('A', a.url), '/tmp');
      await h.engine.prompt(sessionId, [{ type: 'text', text: what }]);
      await waitFor(() => state(h, sessionId).turn.lastStopReason === 'end_turn');
      expect(texts(state(h, sessionId))).toContain('agent:error -32601');
    },
  );

  it("sends the endpoint's MCP servers with session/new, stored sealed", async () => {
    const a = await agentUp();
    const h = await harness();
    const saved = await h.endpoints.save(undefined, {
      name: 'With MCP',
      url: a.url,
      mcpServers: [
        {
          name: 'files',
          command: '/usr/bin/mcp-files',
          args: ['--root', '/tmp'],
          env: [{ name: 'API_KEY', value: 'mcp-secret-991' }],
        },
        { type: 'http', name: 'search', url: 'https://mcp.example/mcp', headers: [] },
      ],
    });
    expect(saved.mcpServers).toEqual([
      { name: 'files', type: 'stdio' },
      { name: 'search', type: 'http' },
    ]);
    expect(JSON.stringify(h.endpoints.list())).not.toContain('mcp-secret-991');
    await h.engine.newSession(saved.id, '/tmp');
    const sent = a.sessionParams.at(-1)!.params as { mcpServers: Array<{ name: string }> };
    expect(sent.mcpServers.map((m) => m.name)).toEqual(['files', 'search']);
  });

  it('refuses content the agent did not advertise', async () => {
    const a = await agentUp();
    const h = await harness();
    const { sessionId } = await h.engine.newSession(await h.addEndpoint('A', a.url), '/tmp');
    await expect(h.engine.prompt(sessionId, [{ type: 'image', data: 'AAAA', mimeType: 'image/png' }])).rejects.toThrow(
      /does not accept images/,
    );
  });
});
