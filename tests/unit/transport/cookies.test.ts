import { describe, expect, it } from 'vitest';
import { EndpointCookies } from '../../../src/core/transport/cookies';

describe('endpoint cookie jar (RFC 6265 via tough-cookie)', () => {
  it('honours Path, Max-Age and Secure, shares the jar between http and ws URLs, and clears', async () => {
    const jar = new EndpointCookies();
    await jar.store('http://agent.test/acp', [
      'lb=node-1; Path=/',
      'scoped=1; Path=/other',
      'gone=1; Max-Age=0',
      'bad cookie;;',
    ]);
    await jar.store('https://agent.test/acp', ['tls=1; Secure']);
    expect(await jar.headerFor('http://agent.test/acp')).toBe('lb=node-1');
    expect(await jar.headerFor('ws://agent.test/acp')).toBe('lb=node-1');
    expect(await jar.headerFor('wss://agent.test/acp')).toBe('lb=node-1; tls=1');
    expect(await jar.count()).toBe(3);
    jar.clear();
    expect(await jar.headerFor('http://agent.test/acp')).toBeUndefined();
  });
});
