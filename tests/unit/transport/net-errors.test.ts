import { describe, expect, it } from 'vitest';
import { neverDelivered } from '../../../src/core/transport/delivery';
import {
  asProxyTlsFailure,
  asProxyUnreachable,
  CertificatePinError,
  networkFailureSentence,
  networkSentenceIn,
} from '../../../src/core/transport/tls-errors';

/** undici's shape: "fetch failed" with the socket's error as its cause. */
const wrapped = (code: string, extra: object = {}) =>
  Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code, ...extra }) });

describe('TLS and proxy failures as sentences', () => {
  it.each([
    ['DEPTH_ZERO_SELF_SIGNED_CERT', /self-signed/],
    ['SELF_SIGNED_CERT_IN_CHAIN', /certificate authority this machine does not trust/],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', /Add that CA's certificate/],
    ['CERT_HAS_EXPIRED', /has expired/],
    ['CERT_NOT_YET_VALID', /not valid yet/],
    ['ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', /requires a client certificate/],
    ['ERR_OSSL_PKCS12_MAC_VERIFY_FAILURE', /check the passphrase/],
    ['ERR_OSSL_BAD_DECRYPT', /check the passphrase/],
    ['ERR_OSSL_X509_KEY_VALUES_MISMATCH', /do not belong together/],
  ])('%s', (code, sentence) => {
    expect(networkFailureSentence(wrapped(code))).toMatch(sentence);
  });

  it('a key that is not PEM, and a PKCS#12 bundle that is not one', () => {
    const decoder = Object.assign(new Error('error:1E08010C:DECODER routines::unsupported'), {
      code: 'ERR_OSSL_UNSUPPORTED',
    });
    expect(networkFailureSentence(new TypeError('fetch failed', { cause: decoder }))).toMatch(/key could not be read/);
    expect(networkFailureSentence(new TypeError('fetch failed', { cause: new Error('not enough data') }))).toMatch(
      /PKCS#12 bundle could not be read/,
    );
  });

  it('a host name mismatch names the host and what the certificate names', () => {
    const e = wrapped('ERR_TLS_CERT_ALTNAME_INVALID', {
      host: '127.0.0.1',
      cert: { subjectaltname: 'DNS:other.test' },
    });
    expect(networkFailureSentence(e)).toBe(
      "The server's certificate is not valid for 127.0.0.1 (it names DNS:other.test). Check the endpoint URL's host name.",
    );
  });

  it('a pin mismatch names both fingerprints', () => {
    const e = new CertificatePinError('AA:BB', 'CC:DD');
    expect(networkFailureSentence(Object.assign(new Error('fetch failed'), { cause: e }))).toMatch(
      /expected SHA-256 AA:BB, got CC:DD/,
    );
  });

  it("undici's refused tunnel: 407 is the credentials sentence, another status says the tunnel was refused", () => {
    const tunnel = (s: number) =>
      Object.assign(new Error('fetch failed'), {
        cause: new Error(`Proxy response (${s}) !== 200 when HTTP Tunneling`),
      });
    expect(networkFailureSentence(tunnel(407))).toMatch(/proxy refused the credentials/);
    expect(networkFailureSentence(tunnel(502))).toBe('The proxy refused to open a tunnel to the server (HTTP 502).');
  });

  it('other errors have no sentence (the caller keeps its own text)', () => {
    expect(networkFailureSentence(wrapped('ECONNREFUSED'))).toBeUndefined();
    expect(networkFailureSentence('plain')).toBeUndefined();
    expect(networkFailureSentence(undefined)).toBeUndefined();
  });

  it('a proxy that cannot be reached is named by host:port only, and the send still counts as never delivered', () => {
    const e = asProxyUnreachable(wrapped('ECONNREFUSED'), 'http://user:pw-secret@proxy.corp:3128');
    expect(e).toBeDefined();
    expect(networkFailureSentence(e)).toBe(
      "The proxy at proxy.corp:3128 could not be reached: nothing is listening there. Check the endpoint's proxy settings.",
    );
    expect(e!.message).not.toContain('pw-secret');
    expect(neverDelivered(e)).toBe(true);
    expect(asProxyUnreachable(wrapped('CERT_HAS_EXPIRED'), 'http://proxy:1')).toBeUndefined();
  });

  it('finds the sentence quoted inside a transport message, without the quoting parentheses', () => {
    const sentence = networkFailureSentence(wrapped('CERT_HAS_EXPIRED'))!;
    expect(networkSentenceIn(`Could not reach the server: ${sentence}`)).toBe(sentence);
    expect(
      networkSentenceIn(`The turn was interrupted: the connection was lost (could not open the stream: ${sentence})`),
    ).toBe(sentence);
    expect(networkSentenceIn('Could not reach the server: fetch failed (connect ECONNREFUSED 127.0.0.1:1)')).toBe(
      undefined,
    );
  });

  it("an https:// proxy's own certificate failure is named as the proxy's, once", () => {
    const e = asProxyTlsFailure(wrapped('DEPTH_ZERO_SELF_SIGNED_CERT'), 'https://proxy.corp:8443');
    expect(networkFailureSentence(e)).toMatch(
      /^The proxy at proxy\.corp:8443 is not trusted: its certificate is self-signed/,
    );
    expect(asProxyTlsFailure(e, 'https://proxy.corp:8443')).toBeUndefined();
    expect(asProxyTlsFailure(wrapped('ECONNRESET'), 'https://proxy.corp:8443')).toBeUndefined();
  });
});
