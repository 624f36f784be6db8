import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../../../src/shared/domain/endpoint';

/** The hostname WHATWG URL gives for `http://<host>/` (what the URL policy and the editor ask about). */
const urlHost = (host: string) => new URL(`http://${host}/`).hostname;

describe('isLoopbackHost', () => {
  it.each([
    'localhost',
    'LOCALHOST',
    'localhost.',
    '::1',
    '[::1]',
    '0:0:0:0:0:0:0:1',
    '[0000::0001]',
    '127.0.0.1',
    '127.0.0.0',
    '127.1.2.3',
    '127.255.255.255',
    '::ffff:127.0.0.1',
    '[::ffff:127.0.0.1]',
    '[::ffff:7f00:1]',
    '::ffff:7fff:ffff',
  ])('%s stays on this machine', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each([
    '127.0.0.1.evil.com',
    'localhost.evil.com',
    'evil-localhost',
    '0.0.0.0',
    '[::]',
    '::',
    '128.0.0.1',
    '126.255.255.255',
    '127.0.0.256',
    '127.0.0',
    '10.0.0.1',
    '::2',
    '[::1]:80',
    '::ffff:10.0.0.1',
    '[::ffff:a00:1]',
    '::ffff:0:7f00:1',
    '1::1',
    ':::1',
    '::1::',
    'example.com',
    '',
  ])('%s is not loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });

  it('agrees with WHATWG URL normalisation (shorthands, brackets, mapped IPv6)', () => {
    expect(isLoopbackHost(urlHost('127.1'))).toBe(true);
    expect(isLoopbackHost(urlHost('0x7f.0.0.1'))).toBe(true);
    expect(isLoopbackHost(urlHost('[::ffff:127.0.0.1]'))).toBe(true);
    expect(isLoopbackHost(urlHost('[::1]'))).toBe(true);
    expect(isLoopbackHost(urlHost('localhost.'))).toBe(true);
    expect(isLoopbackHost(urlHost('0.0.0.0'))).toBe(false);
    expect(isLoopbackHost(urlHost('127.0.0.1.evil.com'))).toBe(false);
  });
});
