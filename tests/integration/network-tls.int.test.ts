/**
 * An endpoint's TLS settings against the SDK's AcpServer over HTTPS/WSS on 127.0.0.1, with
 * certificates made by openssl for this run: a private CA (trusted only when given), an
 * expired certificate, mutual TLS with PEM and PKCS#12 client certificates, and a pinned
 * self-signed certificate (a changed one is refused naming both fingerprints). Failures are
 * checked as the sentences the user reads (the transport's error, as the chat shows it).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type https from 'node:https';
import type { ResolvedNetwork } from '../../src/core/transport/net-config';
import { echo, failure, netRun } from '../support/net-harness';
import { startTestAgent } from '../support/test-agent';
import { makeTlsFixture, type TlsFixture } from '../support/tls-fixture';

let fx: TlsFixture;
beforeAll(() => {
  fx = makeTlsFixture();
});

const run = netRun();
const cleanups = run.cleanups;
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function agentWith(tls: https.ServerOptions): Promise<string> {
  const a = await startTestAgent({ tls });
  cleanups.push(() => a.close());
  return a.url;
}

const net = (tls: ResolvedNetwork['tls']): ResolvedNetwork => ({ proxy: { mode: 'none' }, tls });

describe.each(['http', 'ws'] as const)('TLS settings over %s', (profile) => {
  it('a private CA given in the settings is trusted', async () => {
    const url = await agentWith({ key: fx.server.key, cert: fx.server.cert });
    expect(await echo(run, url, profile, net({ ca: fx.ca.cert }))).toBe('echo: through the network');
  });

  it('without that CA: a sentence saying to add the CA certificate', async () => {
    const url = await agentWith({ key: fx.server.key, cert: fx.server.cert });
    const message = await failure(run, url, profile, net({}));
    expect(message).toMatch(/issued by a certificate authority this machine does not trust/);
    expect(message).toMatch(/Add that CA's certificate/);
  });

  it('a self-signed server: a sentence saying it is self-signed', async () => {
    const url = await agentWith({ key: fx.selfSigned.key, cert: fx.selfSigned.cert });
    expect(await failure(run, url, profile, net({}))).toMatch(/self-signed, so it is not trusted/);
  });

  it('an expired certificate: a sentence saying it expired', async () => {
    const url = await agentWith({ key: fx.expired.key, cert: fx.expired.cert });
    expect(await failure(run, url, profile, net({ ca: fx.ca.cert }))).toMatch(/certificate has expired/);
  });

  it('a certificate for another host name: a sentence naming the host and the names it has', async () => {
    const url = await agentWith({ key: fx.wrongHost.key, cert: fx.wrongHost.cert });
    expect(await failure(run, url, profile, net({ ca: fx.ca.cert }))).toMatch(
      /certificate is not valid for 127\.0\.0\.1 \(it names DNS:other\.test\)/,
    );
  });

  it('a pinned self-signed certificate is trusted', async () => {
    const url = await agentWith({ key: fx.selfSigned.key, cert: fx.selfSigned.cert });
    const network = net({ pinnedPem: fx.selfSigned.cert, pinnedSha256: fx.selfSigned.sha256 });
    expect(await echo(run, url, profile, network)).toBe('echo: through the network');
  });

  it('a changed certificate is refused, naming both fingerprints', async () => {
    const url = await agentWith({ key: fx.otherSelfSigned.key, cert: fx.otherSelfSigned.cert });
    const network = net({ pinnedPem: fx.selfSigned.cert, pinnedSha256: fx.selfSigned.sha256 });
    const message = await failure(run, url, profile, network);
    expect(message).toContain(`expected SHA-256 ${fx.selfSigned.sha256}, got ${fx.otherSelfSigned.sha256}`);
  });

  it('a pin also refuses a changed certificate that a trusted CA signed', async () => {
    const url = await agentWith({ key: fx.server.key, cert: fx.server.cert });
    const network = net({ ca: fx.ca.cert, pinnedPem: fx.selfSigned.cert, pinnedSha256: fx.selfSigned.sha256 });
    expect(await failure(run, url, profile, network)).toContain(`got ${fx.server.sha256}`);
  });

  describe('mutual TLS', () => {
    const mtls = () => ({
      key: fx.server.key,
      cert: fx.server.cert,
      ca: fx.ca.cert,
      requestCert: true,
      rejectUnauthorized: true,
    });

    it('a PEM client certificate and key are accepted', async () => {
      const url = await agentWith(mtls());
      const network = net({ ca: fx.ca.cert, cert: fx.client.cert, key: fx.client.key });
      expect(await echo(run, url, profile, network)).toBe('echo: through the network');
    });

    it('a PKCS#12 bundle with its passphrase is accepted', async () => {
      const url = await agentWith(mtls());
      const network = net({ ca: fx.ca.cert, pfx: fx.clientPfx, passphrase: fx.pfxPassphrase });
      expect(await echo(run, url, profile, network)).toBe('echo: through the network');
    });

    it('without a client certificate: a sentence saying the server requires one', async () => {
      const url = await agentWith(mtls());
      expect(await failure(run, url, profile, net({ ca: fx.ca.cert }))).toMatch(/requires a client certificate/);
    });

    it('a key that is not a key, a bundle that is not one, a key of another certificate: sentences', async () => {
      const url = await agentWith(mtls());
      const badKey = '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n';
      expect(await failure(run, url, profile, net({ ca: fx.ca.cert, cert: fx.client.cert, key: badKey }))).toMatch(
        /key could not be read/,
      );
      expect(
        await failure(run, url, profile, net({ ca: fx.ca.cert, pfx: Buffer.from('not a bundle'), passphrase: 'x' })),
      ).toMatch(/PKCS#12 bundle could not be read/);
      expect(
        await failure(run, url, profile, net({ ca: fx.ca.cert, cert: fx.client.cert, key: fx.server.key })),
      ).toMatch(/do not belong together/);
    });

    it('a wrong PKCS#12 passphrase: a sentence about the passphrase, without the passphrase', async () => {
      const url = await agentWith(mtls());
      const network = net({ ca: fx.ca.cert, pfx: fx.clientPfx, passphrase: 'not-the-passphrase' });
      const message = await failure(run, url, profile, network);
      expect(message).toMatch(/check the passphrase/);
      expect(message).not.toContain('not-the-passphrase');
    });
  });
});
