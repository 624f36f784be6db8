/**
 * The demo agent's session operations (issue 14) over Streamable HTTP and WebSocket: what it
 * advertises, fork (a new session with the original's history, replayed by session/load on a
 * fresh connection, that then goes on by itself), set_title, archive/unarchive with the list
 * filter, status and delete. Driven by the app's own engine and by the SDK's client.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, methods, type ClientContext } from '@agentclientprotocol/sdk';
import type { ListSessionsResponse } from '@agentclientprotocol/sdk/unstable';
import { startDemoAgent, type DemoAgentServer } from '../../src/demo-agent/server';
import type { SessionState } from '../../src/shared/domain/session';
import { sessionOps } from '../../src/shared/session/ops';
import { entryText } from '../../src/shared/session/timeline';
import { engineHarness, MemoryTranscripts, waitFor, type Harness } from '../support/engine-harness';
import { openStream, recordingClient, type TransportKind } from './demo-agent/harness';

let server: DemoAgentServer;
beforeAll(async () => {
  server = await startDemoAgent({ streamDelayMs: 0 });
});
afterAll(async () => {
  await server.close();
});

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(transport: TransportKind): Promise<{ h: Harness; endpointId: string; sessionId: string }> {
  const h = await engineHarness(new MemoryTranscripts());
  cleanups.push(() => h.close());
  const endpointId = await h.addEndpoint('Demo', server.url, transport);
  const { sessionId } = await h.engine.newSession(endpointId, '/tmp/demo');
  return { h, endpointId, sessionId };
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

describe.each<TransportKind>(['http', 'ws'])('demo agent session operations over %s', (transport) => {
  it('advertises fork, rename, archive, delete and status (not logout or providers)', async () => {
    const { h, endpointId } = await setup(transport);
    expect(await h.engine.ops.available(endpointId)).toEqual({
      fork: true,
      rename: true,
      archive: true,
      delete: true,
      status: true,
      logout: false,
      providers: false,
    });
  });

  it('forks a finished session into one with the same history that goes on by itself', async () => {
    const { h, sessionId } = await setup(transport);
    await turn(h, sessionId, '/echo hello there');
    const original = texts(state(h, sessionId));
    expect(original).toContain('user:/echo hello there');
    const { sessionId: forkId } = await h.engine.ops.fork(sessionId);
    expect(forkId).not.toBe(sessionId);
    expect(texts(state(h, forkId))).toEqual(original);
    // The agent names the fork after the original's title (set by its first turn).
    const title = state(h, sessionId).title;
    await waitFor(() => state(h, forkId).title === `Fork of ${title}`, 'the fork title', 5000);
    await turn(h, forkId, '/echo in the fork');
    expect(texts(state(h, forkId)).slice(original.length)).toContain('agent:in the fork');
    expect(texts(state(h, sessionId))).toEqual(original);
    expect(summary(h, forkId)).toMatchObject({ live: true, readOnly: null });
  });

  it('renames with session/set_title, normalising the title', async () => {
    const { h, endpointId, sessionId } = await setup(transport);
    expect(await h.engine.ops.rename(sessionId, '  Release   notes ')).toEqual({ title: 'Release notes' });
    expect(summary(h, sessionId)?.title).toBe('Release notes');
    const listed = await h.engine.remoteSessions(endpointId);
    expect(listed.find((s) => s.sessionId === sessionId)?.title).toBe('Release notes');
    await expect(h.engine.ops.rename(sessionId, '   ')).rejects.toThrow(/Renaming the session failed/);
  });

  it('archives (status saved, left out of the list) and unarchives', async () => {
    const { h, endpointId, sessionId } = await setup(transport);
    expect(await h.engine.ops.status(sessionId)).toMatchObject({ status: 'open' });
    await h.engine.ops.archive(sessionId);
    expect((await h.engine.remoteSessions(endpointId)).map((s) => s.sessionId)).not.toContain(sessionId);
    expect(await h.engine.ops.remoteSessions(endpointId, 'only')).toEqual([
      expect.objectContaining({ sessionId, archived: true }),
    ]);
    expect(await h.engine.ops.status(sessionId)).toMatchObject({ status: 'saved' });
    await h.engine.ops.unarchive(sessionId);
    expect((await h.engine.remoteSessions(endpointId)).map((s) => s.sessionId)).toContain(sessionId);
  });

  it('deletes a session on the agent', async () => {
    const { h, endpointId, sessionId } = await setup(transport);
    await h.engine.ops.delete(sessionId, false);
    expect((await h.engine.remoteSessions(endpointId)).map((s) => s.sessionId)).not.toContain(sessionId);
    expect(await h.engine.ops.remoteSessions(endpointId, 'include')).not.toContainEqual(
      expect.objectContaining({ sessionId }),
    );
  });

  it("replays the fork's copied history to another connection's session/load", async () => {
    // Forked by the app (the SDK's stable client does not route a fork's answer), loaded by the SDK's client.
    const { h, sessionId } = await setup(transport);
    await turn(h, sessionId, '/echo first words');
    const { sessionId: forkId } = await h.engine.ops.fork(sessionId);
    const again = recordingClient();
    const replayed = await again.app.connectWith(openStream(server, transport), async (ctx: ClientContext) => {
      const init = await ctx.request(methods.agent.initialize, {
        protocolVersion: PROTOCOL_VERSION,
        clientCapabilities: {},
        clientInfo: { name: 'demo-agent-test', version: '0.0.0' },
      });
      expect(sessionOps(init.agentCapabilities)).toMatchObject({ fork: true, rename: true, archive: true });
      await ctx.request(methods.agent.session.load, { sessionId: forkId, cwd: '/tmp/demo', mcpServers: [] });
      const list = await ctx.request<ListSessionsResponse>(methods.agent.session.list, {});
      expect(list.sessions.find((s) => s.sessionId === forkId)?.title).toMatch(/^Fork of /);
      return again.rec.updates(forkId);
    });
    const userText = replayed
      .filter((u) => u.sessionUpdate === 'user_message_chunk')
      .map((u) => (u.content.type === 'text' ? u.content.text : ''));
    expect(userText).toEqual(['/echo first words']);
    expect(replayed.some((u) => u.sessionUpdate === 'agent_message_chunk')).toBe(true);
  });
});
