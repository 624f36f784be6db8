import { afterEach, describe, expect, it } from 'vitest';
import {
  envProxyFor,
  parsePacResult,
  resolveProxyFor,
  useSystemProxyResolver,
  proxyAuthorization,
  proxyFor,
  systemNoProxy,
} from '../../../src/core/transport/net-proxy';

const env = (e: Record<string, string>) => e as NodeJS.ProcessEnv;

describe('which proxy a connection takes', () => {
  it('none: always direct', () => {
    expect(proxyFor({ mode: 'none' }, new URL('https://agent.example/acp'))).toBeUndefined();
  });

  it('a given proxy applies to every host, loopback included, credentials as a header only', () => {
    const p = { mode: 'url', url: 'http://proxy.corp:3128', username: 'u', password: 'p@ss' } as const;
    const choice = proxyFor(p, new URL('http://127.0.0.1:8080/acp'));
    expect(choice).toEqual({ url: 'http://proxy.corp:3128', authorization: `Basic ${btoa('u:p@ss')}` });
    expect(choice!.url).not.toContain('p@ss');
  });

  it('no credentials: no Proxy-Authorization', () => {
    expect(proxyAuthorization({ mode: 'url', url: 'http://proxy:1' })).toBeUndefined();
    expect(proxyAuthorization({ mode: 'system' })).toBeUndefined();
  });

  it('system: HTTPS_PROXY for https and wss, HTTP_PROXY for http and ws (and as the fallback)', () => {
    const e = env({ HTTPS_PROXY: 'http://s:1', HTTP_PROXY: 'http://h:2' });
    expect(envProxyFor(new URL('https://a.example/'), e)).toBe('http://s:1');
    expect(envProxyFor(new URL('wss://a.example/'), e)).toBe('http://s:1');
    expect(envProxyFor(new URL('http://a.example/'), e)).toBe('http://h:2');
    expect(envProxyFor(new URL('ws://a.example/'), e)).toBe('http://h:2');
    expect(envProxyFor(new URL('https://a.example/'), env({ HTTP_PROXY: 'http://h:2' }))).toBe('http://h:2');
    expect(envProxyFor(new URL('https://a.example/'), env({}))).toBeUndefined();
  });

  it('lower-case variables win, as curl and undici read them', () => {
    const e = env({ https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2' });
    expect(envProxyFor(new URL('https://a.example/'), e)).toBe('http://lower:1');
  });

  it('NO_PROXY: exact hosts, domain suffixes (with or without a leading dot or *.), ports, and *', () => {
    const e = (no: string) => env({ HTTP_PROXY: 'http://h:2', NO_PROXY: no });
    expect(envProxyFor(new URL('http://a.example/'), e('a.example'))).toBeUndefined();
    expect(envProxyFor(new URL('http://x.a.example/'), e('.a.example'))).toBeUndefined();
    expect(envProxyFor(new URL('http://x.a.example/'), e('*.a.example'))).toBeUndefined();
    expect(envProxyFor(new URL('http://bad-a.example/'), e('a.example'))).toBe('http://h:2');
    expect(envProxyFor(new URL('http://a.example:8080/'), e('a.example:8080'))).toBeUndefined();
    expect(envProxyFor(new URL('http://a.example:9090/'), e('a.example:8080'))).toBe('http://h:2');
    expect(envProxyFor(new URL('http://anything/'), e('*'))).toBeUndefined();
    expect(envProxyFor(new URL('http://b.example/'), e('a.example, b.example'))).toBeUndefined();
  });

  it('system mode never proxies loopback', () => {
    const e = env({ HTTP_PROXY: 'http://h:2', HTTPS_PROXY: 'http://h:2' });
    for (const u of [
      'http://127.0.0.1:1/',
      'https://localhost/',
      'http://[::1]:8/',
      'http://127.1.2.3/',
      'http://[::ffff:127.0.0.1]/',
    ])
      expect(envProxyFor(new URL(u), e)).toBeUndefined();
    expect(envProxyFor(new URL('http://128.0.0.1/'), e)).toBe('http://h:2');
    expect(systemNoProxy(env({ NO_PROXY: 'corp.example' }))).toBe('corp.example,localhost,127.0.0.1,::1,[::1]');
  });
});

describe('system proxy through the host resolver (Electron: session.resolveProxy)', () => {
  afterEach(() => useSystemProxyResolver(undefined));

  it('reads the first usable PAC entry', () => {
    expect(parsePacResult('PROXY proxy.corp:3128; DIRECT')).toBe('http://proxy.corp:3128');
    expect(parsePacResult('HTTPS secure.corp:443')).toBe('https://secure.corp:443');
    expect(parsePacResult('SOCKS5 s:1080; PROXY p:8080')).toBe('http://p:8080');
    expect(parsePacResult('DIRECT')).toBeUndefined();
    expect(parsePacResult('SOCKS5 s:1080')).toBeUndefined();
    expect(parsePacResult('')).toBeUndefined();
  });

  it('asks the resolver instead of the environment, for the http(s) twin of a WebSocket URL', async () => {
    const asked: string[] = [];
    useSystemProxyResolver(async (u) => {
      asked.push(u);
      return u.startsWith('https:') ? 'PROXY tls-proxy:1' : 'DIRECT';
    });
    const e = env({ HTTP_PROXY: 'http://env:2', HTTPS_PROXY: 'http://env:2' });
    expect(await resolveProxyFor({ mode: 'system' }, new URL('wss://agent.example/acp'), e)).toEqual({
      url: 'http://tls-proxy:1',
    });
    expect(await resolveProxyFor({ mode: 'system' }, new URL('http://agent.example/acp'), e)).toBeUndefined();
    expect(asked).toEqual(['https://agent.example/acp', 'http://agent.example/acp']);
  });

  it('never for loopback, and never for the other modes', async () => {
    useSystemProxyResolver(async () => 'PROXY p:1');
    expect(await resolveProxyFor({ mode: 'system' }, new URL('http://127.0.0.1:9/acp'))).toBeUndefined();
    expect(await resolveProxyFor({ mode: 'none' }, new URL('http://agent.example/acp'))).toBeUndefined();
    expect(await resolveProxyFor({ mode: 'url', url: 'http://given:3' }, new URL('http://a.example/'))).toEqual({
      url: 'http://given:3',
    });
  });
});
