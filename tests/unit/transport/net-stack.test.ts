import { describe, expect, it } from 'vitest';
import type { ResolvedNetwork } from '../../../src/core/transport/net-config';
import { createNodeFetch, createNodeWebSocket, nodeWebSocket } from '../../../src/core/transport/node-deps';

const viaProxy = (password: string): ResolvedNetwork => ({
  proxy: { mode: 'url', url: 'http://127.0.0.1:9', username: 'u', password },
  tls: {},
});

describe('the node stack per network settings', () => {
  it('endpoints with the same settings share one fetch (and its sockets); others get their own', async () => {
    const f = createNodeFetch();
    const a = f.forNetwork(viaProxy('one'));
    expect(f.forNetwork(viaProxy('one'))).toBe(a);
    expect(f.forNetwork(viaProxy('two'))).not.toBe(a);
    expect(f.forNetwork({ proxy: { mode: 'none' }, tls: {} })).toBe(f);
    expect(f.forNetwork(undefined)).toBe(f);
    await f.close();
  });

  it('direct settings keep the shared WebSocket factory; others get an agent-backed one', () => {
    expect(createNodeWebSocket(undefined)).toBe(nodeWebSocket);
    expect(createNodeWebSocket({ proxy: { mode: 'none' }, tls: {} })).toBe(nodeWebSocket);
    expect(createNodeWebSocket(viaProxy('x'))).not.toBe(nodeWebSocket);
    expect(nodeWebSocket.forNetwork(viaProxy('x'))).not.toBe(nodeWebSocket);
  });
});
