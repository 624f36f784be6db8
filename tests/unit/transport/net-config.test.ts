import { describe, expect, it } from 'vitest';
import type { FetchLike, WebSocketFactory } from '../../../src/core/transport/link';
import {
  DIRECT,
  isDirect,
  networkDeps,
  networkKey,
  networkSecretValues,
  type ResolvedNetwork,
} from '../../../src/core/transport/net-config';

const proxied: ResolvedNetwork = {
  proxy: { mode: 'url', url: 'http://proxy:3128', username: 'u', password: 'secret-pw' },
  tls: {},
};

describe('network settings', () => {
  it('direct means no proxy and no TLS settings', () => {
    expect(isDirect(DIRECT)).toBe(true);
    expect(isDirect(proxied)).toBe(false);
    expect(isDirect({ proxy: { mode: 'none' }, tls: { pinnedSha256: 'AA' } })).toBe(false);
    expect(isDirect({ proxy: { mode: 'system' }, tls: {} })).toBe(false);
  });

  it('the sharing key tells settings apart and holds no secret', () => {
    const other = { ...proxied, proxy: { ...proxied.proxy, password: 'other-pw' } } as ResolvedNetwork;
    expect(networkKey(proxied)).toBe(networkKey({ ...proxied }));
    expect(networkKey(proxied)).not.toBe(networkKey(other));
    expect(networkKey(proxied)).not.toContain('secret-pw');
    expect(networkKey(proxied)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('the redactor gets the password and its Proxy-Authorization form', () => {
    expect(networkSecretValues(proxied)).toEqual(['secret-pw', Buffer.from('u:secret-pw').toString('base64')]);
  });

  it('networkDeps takes the network-aware variants when offered, else keeps the given ones', () => {
    const plainFetch = (async () => new Response()) as unknown as FetchLike;
    const plainWs = (() => undefined) as unknown as WebSocketFactory;
    expect(networkDeps({ fetch: plainFetch, webSocket: plainWs }, proxied)).toEqual({
      fetch: plainFetch,
      webSocket: plainWs,
    });
    const special = (async () => new Response()) as unknown as FetchLike;
    const specialWs = (() => undefined) as unknown as WebSocketFactory;
    const seen: ResolvedNetwork[] = [];
    const aware = Object.assign(plainFetch.bind(null), { forNetwork: (n: ResolvedNetwork) => (seen.push(n), special) });
    const awareWs = Object.assign(plainWs.bind(null), { forNetwork: () => specialWs });
    expect(networkDeps({ fetch: aware, webSocket: awareWs }, proxied)).toEqual({
      fetch: special,
      webSocket: specialWs,
    });
    expect(seen).toEqual([proxied]);
    // Direct settings never ask.
    expect(networkDeps({ fetch: aware, webSocket: awareWs }, DIRECT).fetch).toBe(aware);
    expect(networkDeps({ fetch: aware, webSocket: awareWs }, undefined).fetch).toBe(aware);
  });
});
