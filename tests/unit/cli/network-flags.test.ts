import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/cli/args';
import { parseChatArgs } from '../../../src/cli/commands/chat';
import { parseProbeArgs } from '../../../src/cli/commands/probe';
import { networkFromFlags, networkFlagSchema, normalizeFingerprint } from '../../../src/cli/network-flags';

const CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n';
const files: Record<string, Buffer> = {
  'ca.pem': Buffer.from(CERT),
  'client.pem': Buffer.from(CERT),
  'client.key': Buffer.from(KEY),
  'client.p12': Buffer.from([0x30, 0x82, 0x01]),
  'notes.txt': Buffer.from('hello'),
};
const read = (f: string) => {
  const b = files[f];
  if (!b) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
  return b;
};
const net = (flags: Record<string, string>, env: NodeJS.ProcessEnv = {}) =>
  networkFromFlags(networkFlagSchema.parse(flags), env, read);
const FP = 'ab'.repeat(32);

describe('proxy and TLS flags of chat and probe', () => {
  it('defaults to the system proxy (HTTPS_PROXY / NO_PROXY), as curl users expect', () => {
    expect(net({})).toEqual({ proxy: { mode: 'system' }, tls: {} });
    expect(parseChatArgs(['http://127.0.0.1:1/acp'], {}).network.proxy).toEqual({ mode: 'system' });
    expect(parseProbeArgs(['http://127.0.0.1:1/acp'], {}).network.proxy).toEqual({ mode: 'system' });
  });

  it('takes a proxy URL with a user, and the password only from the named variable', () => {
    expect(
      net({ proxy: 'http://alice@proxy.example:3128', 'proxy-password-env': 'PROXY_PW' }, { PROXY_PW: 's3cret' }).proxy,
    ).toEqual({ mode: 'url', url: 'http://proxy.example:3128', username: 'alice', password: 's3cret' });
    expect(net({ proxy: 'none' })).toEqual({ proxy: { mode: 'none' }, tls: {} });
  });

  it('reads CA, client certificate and key, PKCS#12, a passphrase from the environment, and a pin', () => {
    const n = net(
      { ca: 'ca.pem', cert: 'client.pem', key: 'client.key', 'passphrase-env': 'PP', pin: FP },
      { PP: 'pw' },
    );
    expect(n.tls).toEqual({
      ca: CERT,
      cert: CERT,
      key: KEY,
      passphrase: 'pw',
      pinnedSha256: normalizeFingerprint(FP),
    });
    expect(normalizeFingerprint(FP)).toMatch(/^AB(:AB){31}$/);
    expect(net({ pfx: 'client.p12' }).tls.pfx).toEqual(files['client.p12']);
  });

  it.each([
    [{ proxy: 'http://alice:pw@proxy:3128' }, {}, /no password in the URL/],
    [{ proxy: 'socks5://proxy:1080' }, {}, /socks5 proxy is not supported/],
    [{ proxy: 'not a url' }, {}, /expects system, none or a proxy URL/],
    [{ proxy: 'http://proxy:3128', 'proxy-password-env': 'MISSING' }, {}, /MISSING is not set/],
    [{ 'proxy-password-env': 'X' }, { X: '1' }, /only with --proxy URL/],
    [{ ca: 'missing.pem' }, {}, /--ca missing.pem: cannot read it \(ENOENT\)/],
    [{ ca: 'notes.txt' }, {}, /no PEM block/],
    [{ key: 'client.key' }, {}, /--key: needs --cert/],
    [{ cert: 'client.pem' }, {}, /--cert: needs --key/],
    [{ pfx: 'client.p12', cert: 'client.pem', key: 'client.key' }, {}, /either --pfx or --cert/],
    [{ pin: 'abc' }, {}, /64 hex digits/],
    [{ 'passphrase-env': 'NOPE' }, {}, /NOPE is not set/],
  ] as const)('refuses %j with a usage error', (flags, env, message) => {
    expect(() => net({ ...flags }, env)).toThrow(UsageError);
    expect(() => net({ ...flags }, env)).toThrow(message);
  });
});
