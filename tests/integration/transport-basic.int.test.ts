import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { client, methods, type SessionUpdate } from '@agentclientprotocol/sdk';
import { createAcpTransport, type AcpTransport } from '../../src/core/transport/acp-transport';
import { createNodeFetch, nodeWebSocket } from '../../src/core/transport/node-deps';
import type { TrafficRecord, TransportEvent } from '../../src/shared/domain/traffic';
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

function transport(
  url: string,
  profile: 'auto' | 'http' | 'ws' = 'auto',
): { t: AcpTransport; events: TransportEvent[]; traffic: TrafficRecord[] } {
  const fetch = createNodeFetch();
  const t = createAcpTransport({ url, profile, fetch, webSocket: nodeWebSocket });
  const events: TransportEvent[] = [];
  const traffic: TrafficRecord[] = [];
  t.onEvent((e) => events.push(e));
  t.onTraffic((r) => traffic.push(r));
  cleanups.push(async () => {
    await t.close();
    await fetch.close();
  });
  return { t, events, traffic };
}

async function turn(t: AcpTransport, prompt: string) {
  const updates: SessionUpdate[] = [];
  const app = client({ name: 'test-client' })
    .onNotification(methods.client.session.update, ({ params }) => {
      updates.push(params.update);
    })
    .onRequest(methods.client.session.requestPermission, () => ({
      outcome: { outcome: 'selected', optionId: 'allow' },
    }));
  return app.connectWith(t.stream, async (ctx) => {
    await ctx.request(methods.agent.initialize, {
      protocolVersion: 1,
      clientCapabilities: {},
      clientInfo: { name: 't', version: '1' },
    });
    const s = await ctx.request(methods.agent.session.new, { cwd: '/tmp', mcpServers: [] });
    const r = await ctx.request(methods.agent.session.prompt, {
      sessionId: s.sessionId,
      prompt: [{ type: 'text', text: prompt }],
    });
    return { stopReason: r.stopReason, updates, sessionId: s.sessionId };
  });
}

describe('transport happy paths', () => {
  it.each(['http', 'ws'] as const)('completes a turn with a permission round trip over %s', async (profile) => {
    const a = await agentUp();
    const { t, traffic } = transport(a.url, profile);
    const r = await turn(t, 'permission');
    expect(r.stopReason).toBe('end_turn');
    expect(r.updates.map((u) => u.sessionUpdate)).toEqual(['user_message_chunk', 'tool_call', 'tool_call_update']);
    expect(t.profile).toBe(profile);
    expect(traffic.some((x) => x.kind === 'message' && x.direction === 'in')).toBe(true);
  });

  it('streams many chunks in order over HTTP', async () => {
    const a = await agentUp();
    const { t } = transport(a.url, 'http');
    const r = await turn(t, 'chunks 300');
    const texts = r.updates
      .filter((u) => u.sessionUpdate === 'agent_message_chunk')
      .map((u) => (u.content.type === 'text' ? u.content.text : ''));
    expect(texts).toHaveLength(300);
    expect(texts[299]).toBe('c299 ');
  });

  it('auto falls back to WebSocket when POST is refused', async () => {
    const a = await agentUp({
      wrap: (h: RequestListener) => (req: IncomingMessage, res: ServerResponse) => {
        if (req.method === 'POST') {
          res.writeHead(426, { 'content-type': 'text/plain' }).end('use websocket');
          return;
        }
        h(req, res);
      },
    });
    const { t, events } = transport(a.url, 'auto');
    const r = await turn(t, 'hello');
    expect(r.stopReason).toBe('end_turn');
    expect(t.profile).toBe('ws');
    expect(events).toContainEqual(expect.objectContaining({ type: 'profile', profile: 'ws' }));
  });
});
