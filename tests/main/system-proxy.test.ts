import { afterEach, describe, expect, it, vi } from 'vitest';
import { installSystemProxy } from '../../src/main/system-proxy';
import { resolveProxyFor, useSystemProxyResolver } from '../../src/core/transport/net-proxy';

describe('the desktop app resolves the system proxy through Electron', () => {
  afterEach(() => useSystemProxyResolver(undefined));

  it('asks session.resolveProxy for each URL and follows its PAC answer', async () => {
    const resolveProxy = vi.fn(async (url: string) => (url.includes('corp') ? 'PROXY gw.corp:8080; DIRECT' : 'DIRECT'));
    installSystemProxy({ resolveProxy });
    expect(await resolveProxyFor({ mode: 'system' }, new URL('https://agent.corp/acp'))).toEqual({
      url: 'http://gw.corp:8080',
    });
    expect(await resolveProxyFor({ mode: 'system' }, new URL('https://agent.example/acp'))).toBeUndefined();
    expect(resolveProxy.mock.calls.map((c) => c[0])).toEqual(['https://agent.corp/acp', 'https://agent.example/acp']);
  });
});
