import { afterEach, describe, expect, it } from 'vitest';
import { client, methods } from '@agentclientprotocol/sdk';
import { createAcpTransport } from '../../src/core/transport/acp-transport';
import { createNodeFetch, nodeWebSocket } from '../../src/core/transport/node-deps';
import { startH2Agent } from '../support/h2-acp-server';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function turn(url: string, fetchOptions: Parameters<typeof createNodeFetch>[0], versions: string[] = []) {
  const fetch = createNodeFetch(fetchOptions);
  const t = createAcpTransport({ url, profile: 'http', fetch, webSocket: nodeWebSocket });
  t.onTraffic((r) => void (r.kind === 'http' && r.status && r.httpVersion && versions.push(r.httpVersion)));
  cleanups.push(
    () => fetch.close(),
    () => t.close(),
  );
  let chunks = 0;
  const app = client({ name: 't' }).onNotification(methods.client.session.update, () => void chunks++);
  const stop = await app.connectWith(t.stream, async (ctx) => {
    await ctx.request(methods.agent.initialize, { protocolVersion: 1, clientCapabilities: {} });
    const s = await ctx.request(methods.agent.session.new, { cwd: '/tmp', mcpServers: [] });
    return (
      await ctx.request(methods.agent.session.prompt, { sessionId: s.sessionId, prompt: [{ type: 'text', text: 'x' }] })
    ).stopReason;
  });
  return { stop, chunks };
}

describe('HTTP/2', () => {
  it('negotiates h2 through ALPN on https and completes a turn', async () => {
    const a = await startH2Agent('tls');
    cleanups.push(() => a.close());
    const recorded: string[] = [];
    const r = await turn(a.url, { rejectUnauthorized: false }, recorded);
    expect(r).toEqual({ stop: 'end_turn', chunks: 20 });
    expect(new Set(a.versions)).toEqual(new Set(['2.0']));
    // The traffic records say what was negotiated, not a guess.
    expect(new Set(recorded)).toEqual(new Set(['HTTP/2']));
  });
});
