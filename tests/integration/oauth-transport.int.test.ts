/**
 * The OAuth client as the transport's `auth`, against the bearer-gated test agent and a real
 * oidc-provider: the access token expires in the middle of a turn (the gate starts refusing it
 * while the agent waits for a permission answer); the answer's POST gets a 401, the transport
 * asks `unauthorized()`, the client refreshes, the POST goes again and the turn ends normally.
 */
import { client, methods } from '@agentclientprotocol/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { createOAuthClient } from '../../src/core/oauth/client';
import type { TokenVault } from '../../src/core/oauth/types';
import { createAcpTransport } from '../../src/core/transport/acp-transport';
import { createNodeFetch, nodeWebSocket } from '../../src/core/transport/node-deps';
import { TestBrowser } from '../support/oidc-browser';
import { startGatedAgent, startOidcServer } from '../support/oidc-server';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function memoryVault(): TokenVault {
  const entries = new Map<string, string>();
  return {
    load: (k) => Promise.resolve(entries.get(k)),
    save: (k, v) => Promise.resolve(void entries.set(k, v)),
    erase: (k) => Promise.resolve(void entries.delete(k)),
  };
}

describe('OAuth through the transport', () => {
  it('re-authenticates when the token expires mid-session, and the turn continues', async () => {
    const oidc = await startOidcServer();
    cleanups.push(() => oidc.close());
    const gate = await startGatedAgent(oidc);
    cleanups.push(() => gate.close());
    const oauth = createOAuthClient({ resourceUrl: gate.url, config: {}, vault: memoryVault(), vaultKey: gate.url });
    const browser = new TestBrowser();
    let approved: Promise<unknown> = Promise.resolve();
    await oauth.signIn({
      flow: 'code',
      challenge: null,
      present: (p) => {
        if (p.kind === 'browser') approved = browser.approve(p.url);
      },
    });
    await approved;

    const fetch = createNodeFetch();
    const t = createAcpTransport({
      url: gate.url,
      profile: 'http',
      auth: oauth.transportAuth(),
      fetch,
      webSocket: nodeWebSocket,
    });
    cleanups.push(async () => {
      await t.close();
      await fetch.close();
    });
    const texts: string[] = [];
    const app = client({ name: 'oauth-test' })
      .onNotification(methods.client.session.update, ({ params }) => {
        const u = params.update;
        if (u.sessionUpdate === 'agent_message_chunk' && u.content.type === 'text') texts.push(u.content.text);
      })
      .onRequest(methods.client.session.requestPermission, () => {
        gate.expireAcceptedTokens(); // the token dies while the agent waits for this answer
        return { outcome: { outcome: 'selected', optionId: 'allow' } };
      });
    const conn = app.connect(t.stream);
    cleanups.push(() => conn.close());
    const agent = conn.agent;
    await agent.request(methods.agent.initialize, { protocolVersion: 1, clientCapabilities: {} });
    const { sessionId } = await agent.request(methods.agent.session.new, { cwd: '/tmp', mcpServers: [] });
    expect(gate.accepted).toHaveLength(1);
    const refusedBefore = gate.refused();

    const r = await agent.request(methods.agent.session.prompt, {
      sessionId,
      prompt: [{ type: 'text', text: 'permission' }],
    });
    expect(r.stopReason).toBe('end_turn');
    expect(gate.refused()).toBeGreaterThan(refusedBefore);
    expect(gate.accepted).toHaveLength(2); // the refreshed token
    expect(oauth.status().signedIn).toBe(true);

    const next = await agent.request(methods.agent.session.prompt, {
      sessionId,
      prompt: [{ type: 'text', text: 'after refresh' }],
    });
    expect(next.stopReason).toBe('end_turn');
    expect(texts).toContain('echo: after refresh');
  });
});
