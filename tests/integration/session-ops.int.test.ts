/**
 * Session operations end to end (issue 14), over HTTP and WebSocket against the test agent on
 * the SDK's AcpServer: fork (a new session that continues from the original's history, its
 * answer correlated whichever stream carried it), rename and the agent's own titles,
 * archive/unarchive, delete (transcript deleted or kept read-only), status, logout and
 * providers; and an agent that advertises none of them gets none of them sent.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionState } from '../../src/shared/domain/session';
import { sessionOps } from '../../src/shared/session/ops';
import { entryText } from '../../src/shared/session/timeline';
import { engineHarness, MemoryTranscripts, waitFor, type Harness } from '../support/engine-harness';
import { startTestAgent, type TestAgent } from '../support/test-agent';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

interface Rig {
  a: TestAgent;
  h: Harness;
  transcripts: MemoryTranscripts;
  endpointId: string;
  sessionId: string;
}

async function setup(transport: 'http' | 'ws', ops: 'all' | 'none' = 'all'): Promise<Rig> {
  const a = await startTestAgent({ ops });
  cleanups.push(() => a.close());
  const transcripts = new MemoryTranscripts();
  const h = await engineHarness(transcripts);
  cleanups.push(() => h.close());
  const endpointId = await h.addEndpoint('A', a.url, transport);
  const { sessionId } = await h.engine.newSession(endpointId, '/tmp');
  return { a, h, transcripts, endpointId, sessionId };
}

const state = (h: Harness, id: string): SessionState => h.engine.snapshot(id).state;
const texts = (s: SessionState) => s.entryIds.map((id) => `${s.entries[id]!.kind}:${entryText(s.entries[id]!)}`);
const summary = (h: Harness, id: string) => h.engine.listSessions().find((s) => s.sessionId === id);

async function turn(h: Harness, sessionId: string, text: string): Promise<void> {
  const before = state(h, sessionId).entryIds.length;
  await h.engine.prompt(sessionId, [{ type: 'text', text }]);
  await waitFor(() => {
    const s = state(h, sessionId);
    return s.turn.status === 'idle' && s.entryIds.length > before;
  });
}

describe.each(['http', 'ws'] as const)('session operations over %s', (transport) => {
  it('reports every advertised operation', async () => {
    const { h, endpointId } = await setup(transport);
    const status = h.engine.endpointStatuses().find((s) => s.endpointId === endpointId);
    const all = { fork: true, rename: true, archive: true, delete: true, status: true, logout: true, providers: true };
    // The stable client keeps the unstable flags of initialize as they came.
    expect(sessionOps(status?.agentCapabilities)).toEqual(all);
    expect(await h.engine.ops.available(endpointId)).toEqual(all);
  });

  it('forks a session into a new one that continues from the original history', async () => {
    const { a, h, transcripts, sessionId } = await setup(transport);
    await turn(h, sessionId, 'hello');
    const { sessionId: forkId } = await h.engine.ops.fork(sessionId);
    expect(forkId).not.toBe(sessionId);
    // The agent's fork has the original's context; locally it has its own transcript with the same history.
    expect(a.store.get(forkId)!.history).toEqual(a.store.get(sessionId)!.history);
    expect(texts(state(h, forkId))).toEqual(texts(state(h, sessionId)));
    expect(transcripts.files.get(forkId)!.envelopes.every((e) => e.sessionId === forkId)).toBe(true);
    expect(summary(h, forkId)).toMatchObject({ live: true, readOnly: null });
    // What the agent said about the fork before answering reached it (its stream was opened at once).
    await waitFor(() => state(h, forkId).title === `Fork of ${sessionId}`, 'the fork title', 5000);
    // Both go on independently: the fork's turn reaches the fork only.
    await turn(h, forkId, 'in the fork');
    expect(texts(state(h, forkId)).slice(-2)).toEqual(['agent:echo: in the fork', 'turn_end:end_turn']);
    expect(texts(state(h, sessionId))).not.toContain('agent:echo: in the fork');
    await turn(h, sessionId, 'in the original');
    expect(texts(state(h, forkId))).not.toContain('agent:echo: in the original');
    expect(a.store.get(forkId)!.history.length).toBe(a.store.get(sessionId)!.history.length);
  });

  it('renames with session/set_title and shows the title the agent stored', async () => {
    const { a, h, sessionId } = await setup(transport);
    expect(await h.engine.ops.rename(sessionId, '  Release notes  ')).toEqual({ title: 'Release notes' });
    expect(a.store.get(sessionId)!.title).toBe('Release notes');
    expect(state(h, sessionId).title).toBe('Release notes');
    expect(summary(h, sessionId)?.title).toBe('Release notes');
    await expect(h.engine.ops.rename(sessionId, '   ')).rejects.toThrow(/Renaming the session failed/);
  });

  it("applies the agent's own title updates", async () => {
    const { h, sessionId } = await setup(transport);
    await turn(h, sessionId, 'title Named by the agent');
    expect(state(h, sessionId).title).toBe('Named by the agent');
    await waitFor(() => summary(h, sessionId)?.title === 'Named by the agent');
  });

  it('archives and unarchives, reflected in the agent session list', async () => {
    const { h, endpointId, sessionId } = await setup(transport);
    await h.engine.ops.archive(sessionId);
    expect((await h.engine.remoteSessions(endpointId)).map((s) => s.sessionId)).not.toContain(sessionId);
    expect(await h.engine.ops.remoteSessions(endpointId, 'only')).toEqual([
      expect.objectContaining({ sessionId, archived: true }),
    ]);
    // The agent closed it: it cannot be prompted until unarchived.
    expect(summary(h, sessionId)).toMatchObject({
      live: false,
      archived: true,
      readOnly: expect.stringMatching(/archived/),
    });
    await expect(h.engine.prompt(sessionId, [{ type: 'text', text: 'hi' }])).rejects.toThrow(/archived/);
    await h.engine.ops.unarchive(sessionId);
    expect((await h.engine.remoteSessions(endpointId)).map((s) => s.sessionId)).toContain(sessionId);
    expect(summary(h, sessionId)?.readOnly).toBeNull();
    expect(summary(h, sessionId)?.archived).toBeUndefined();
    // Opening it again re-attaches it (session/load: live once its replay has ended).
    await h.engine.openSession(sessionId);
    await waitFor(() => summary(h, sessionId)?.live === true && state(h, sessionId).replay === null);
    await turn(h, sessionId, 'back');
    expect(texts(state(h, sessionId)).at(-2)).toBe('agent:echo: back');
  });

  it('deletes a session on the agent and its local transcript', async () => {
    const { a, h, transcripts, endpointId, sessionId } = await setup(transport);
    await turn(h, sessionId, 'doomed');
    await h.engine.ops.delete(sessionId, false);
    expect(a.store.has(sessionId)).toBe(false);
    expect((await h.engine.remoteSessions(endpointId)).map((s) => s.sessionId)).not.toContain(sessionId);
    expect(transcripts.files.has(sessionId)).toBe(false);
    expect(summary(h, sessionId)).toBeUndefined();
  });

  it('deletes a session on the agent and keeps its transcript read-only', async () => {
    const { a, h, transcripts, sessionId } = await setup(transport);
    await turn(h, sessionId, 'kept');
    await h.engine.ops.delete(sessionId, true);
    expect(a.store.has(sessionId)).toBe(false);
    expect(summary(h, sessionId)).toMatchObject({ live: false, readOnly: expect.stringMatching(/deleted/) });
    expect(texts(state(h, sessionId))).toContain('user:kept');
    await waitFor(() => transcripts.files.get(sessionId)!.envelopes.some((e) => e.event.type === 'detached'));
    await expect(h.engine.prompt(sessionId, [{ type: 'text', text: 'more' }])).rejects.toThrow(/read-only/);
  });

  it('asks for the session status', async () => {
    const { h, sessionId } = await setup(transport);
    expect(await h.engine.ops.status(sessionId)).toEqual({ status: 'open', reported: 'open' });
    await h.engine.ops.archive(sessionId);
    expect(await h.engine.ops.status(sessionId)).toEqual({ status: 'saved', reported: 'saved' });
  });

  it('logs out on the endpoint connection', async () => {
    const { a, h, endpointId } = await setup(transport);
    await h.engine.ops.logout(endpointId);
    expect(a.ops.logouts).toBe(1);
  });

  it('lists, sets and disables providers', async () => {
    const { h, endpointId } = await setup(transport);
    const before = await h.engine.ops.listProviders(endpointId);
    expect(before.map((p) => [p.providerId, p.current?.baseUrl ?? null])).toEqual([
      ['main', 'https://api.anthropic.test'],
      ['openai', null],
    ]);
    await h.engine.ops.setProvider(endpointId, {
      providerId: 'openai',
      apiType: 'openai',
      baseUrl: 'https://proxy.example.test/v1',
    });
    const after = await h.engine.ops.listProviders(endpointId);
    expect(after.find((p) => p.providerId === 'openai')?.current).toEqual({
      apiType: 'openai',
      baseUrl: 'https://proxy.example.test/v1',
    });
    await h.engine.ops.disableProvider(endpointId, 'openai');
    expect((await h.engine.ops.listProviders(endpointId)).find((p) => p.providerId === 'openai')?.current).toBeNull();
    await expect(h.engine.ops.disableProvider(endpointId, 'main')).rejects.toThrow(/required/);
  });

  it('refuses every operation an agent does not advertise, without sending it', async () => {
    const { a, h, endpointId, sessionId } = await setup(transport, 'none');
    expect(await h.engine.ops.available(endpointId)).toEqual({
      fork: false,
      rename: false,
      archive: false,
      delete: false,
      status: false,
      logout: false,
      providers: false,
    });
    const refusals: Array<[Promise<unknown>, RegExp]> = [
      [
        h.engine.ops.fork(sessionId),
        /does not offer forking sessions \(it does not advertise sessionCapabilities\.fork\)/,
      ],
      [h.engine.ops.rename(sessionId, 'x'), /does not offer renaming sessions/],
      [h.engine.ops.archive(sessionId), /does not offer archiving sessions/],
      [h.engine.ops.unarchive(sessionId), /does not offer archiving sessions/],
      [h.engine.ops.delete(sessionId, false), /does not offer deleting sessions/],
      [h.engine.ops.status(sessionId), /does not offer session status/],
      [h.engine.ops.remoteSessions(endpointId, 'only'), /does not offer archiving sessions/],
      [h.engine.ops.logout(endpointId), /does not offer signing out \(it does not advertise auth\.logout\)/],
      [h.engine.ops.listProviders(endpointId), /does not offer provider settings/],
      [h.engine.ops.disableProvider(endpointId, 'openai'), /does not offer provider settings/],
    ];
    for (const [p, message] of refusals) await expect(p).rejects.toThrow(message);
    // Nothing reached the agent: the session is intact and nothing was logged out.
    expect(a.store.has(sessionId)).toBe(true);
    expect(a.store.size).toBe(1);
    expect(a.store.get(sessionId)!.archived).toBeUndefined();
    expect(a.ops.logouts).toBe(0);
    expect(summary(h, sessionId)).toMatchObject({ live: true, readOnly: null });
  });
});
