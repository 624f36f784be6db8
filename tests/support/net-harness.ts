/**
 * One ACP round trip (initialize, session/new, a prompt) through the node network stack with
 * an endpoint's network settings, for the proxy and TLS integration tests; and the failure
 * text the user would read when it does not get through.
 */
import { client, methods } from '@agentclientprotocol/sdk';
import { createAcpTransport } from '../../src/core/transport/acp-transport';
import type { ResolvedNetwork } from '../../src/core/transport/net-config';
import { createNodeFetch, createNodeWebSocket } from '../../src/core/transport/node-deps';
import type { TrafficRecord } from '../../src/shared/domain/traffic';

export interface NetRun {
  readonly cleanups: Array<() => Promise<void>>;
  /** Every traffic record of every transport this run made. */
  readonly traffic: TrafficRecord[];
}

export function netRun(): NetRun {
  return { cleanups: [], traffic: [] };
}

/** The agent's reply text to a prompt sent through a transport with these settings. */
export async function echo(
  run: NetRun,
  url: string,
  profile: 'http' | 'ws',
  network: ResolvedNetwork,
  secretValues: string[] = [],
): Promise<string> {
  const fetch = createNodeFetch({ network });
  const t = createAcpTransport({ url, profile, fetch, webSocket: createNodeWebSocket(network), secretValues });
  t.onTraffic((r) => run.traffic.push(r));
  run.cleanups.push(async () => {
    await t.close();
    await fetch.close();
  });
  const texts: string[] = [];
  return client({ name: 'net-test' })
    .onNotification(methods.client.session.update, ({ params }) => {
      const u = params.update;
      if (u.sessionUpdate === 'agent_message_chunk' && u.content.type === 'text') texts.push(u.content.text);
    })
    .connectWith(t.stream, async (ctx) => {
      await ctx.request(methods.agent.initialize, { protocolVersion: 1, clientCapabilities: {} });
      const s = await ctx.request(methods.agent.session.new, { cwd: '/tmp', mcpServers: [] });
      await ctx.request(methods.agent.session.prompt, {
        sessionId: s.sessionId,
        prompt: [{ type: 'text', text: 'through the network' }],
      });
      return texts.join('');
    });
}

/** What the user reads when the connection fails (the transport's error, as the chat shows it). */
export async function failure(...args: Parameters<typeof echo>): Promise<string> {
  return echo(...args).then(
    (text) => {
      throw new Error(`the connection succeeded: ${text}`);
    },
    (e: Error) => e.message,
  );
}
