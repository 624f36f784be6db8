import { describe, expect, it } from 'vitest';
import {
  classifyFailure,
  failureInDetails,
  type FailureInput,
  type FailureKind,
} from '../../../src/shared/errors/failure-class';
import { EXCERPT_MAX, RAW_MAX } from '../../../src/shared/errors/failure-text';

// Messages as the transport really words them (captured from probeEndpoint against real sockets).
const REFUSED =
  'Could not reach the server: fetch failed (connect ECONNREFUSED 127.0.0.1:9) Then: Could not open the WebSocket: connect ECONNREFUSED 127.0.0.1:9';
const NO_HOST =
  'Could not reach the server: fetch failed (getaddrinfo ENOTFOUND no-such-host.invalid) Then: Could not open the WebSocket: getaddrinfo ENOTFOUND no-such-host.invalid';
const HTML_200 =
  "The server's answer to initialize is not a JSON-RPC response: <!doctype html><html><head><title>Hi</title></head><body><h1>Welcome to nginx!</h1></body></html>.";
const HTML_404 =
  'POST initialize answered HTTP 404: <html><body><h1>404 Not Found</h1></body></html> Then: The WebSocket upgrade was refused (HTTP 404).';
const WRONG_VERSION =
  'Could not reach the server: fetch failed (80DCC55C097F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:\n)';

type Row = [string, FailureInput, FailureKind, RegExp, RegExp];

const rows: Row[] = [
  [
    'ECONNREFUSED',
    { message: REFUSED, url: 'http://127.0.0.1:9/acp' },
    'nothing-listening',
    /^Nothing is listening at 127\.0\.0\.1:9\.$/,
    /^Start the agent, or check the address\.$/,
  ],
  [
    'ECONNREFUSED without a URL takes host:port from the errno text',
    { message: 'connect ECONNREFUSED 10.0.0.7:4319' },
    'nothing-listening',
    /^Nothing is listening at 10\.0\.0\.7:4319\.$/,
    /Start the agent/,
  ],
  [
    'a URL without a port gets the default one',
    { message: 'connect ECONNREFUSED', url: 'https://agent.example.com/acp' },
    'nothing-listening',
    /agent\.example\.com:443/,
    /Start the agent/,
  ],
  [
    'ENOTFOUND',
    { message: NO_HOST, url: 'http://no-such-host.invalid/acp' },
    'nothing-listening',
    /^The host name no-such-host\.invalid could not be found\.$/,
    /^Start the agent, or check the address\.$/,
  ],
  [
    'HTTP 200 text/html',
    { message: HTML_200, url: 'http://127.0.0.1:8080/', status: 200, contentType: 'text/html' },
    'not-acp',
    /^The server answered but it is not an ACP endpoint\.$/,
    /^Check the path \(…\/acp\).*http:\/\/127\.0\.0\.1:8080\/acp/,
  ],
  [
    '404 on /acp',
    { message: HTML_404, url: 'http://127.0.0.1:8080/acp' },
    'not-acp',
    /not an ACP endpoint/,
    /^Check the path \(…\/acp\) and the port/,
  ],
  [
    'a JSON body without JSON-RPC',
    { message: "The server's answer to initialize is not a JSON-RPC response.", transportKind: 'not-acp' },
    'not-acp',
    /not an ACP endpoint/,
    /Check the path/,
  ],
  [
    'a certificate error (OpenSSL code in the text)',
    { message: 'fetch failed (self-signed certificate; DEPTH_ZERO_SELF_SIGNED_CERT)' },
    'tls',
    /certificate/,
    /TLS settings/,
  ],
  [
    "the host's TLS sentence wins",
    {
      message: 'fetch failed',
      tlsSentence: "The server's certificate has expired. Ask the server's operator to renew it.",
    },
    'tls',
    /^The server's certificate has expired\.$/,
    /^Ask the server's operator to renew it\.$/,
  ],
  [
    "a TLS sentence quoted in the transport's message",
    {
      message:
        "Could not reach the server: The server's certificate is self-signed, so it is not trusted. Trust this certificate in the endpoint's TLS settings once you have checked its fingerprint. Then: Could not open the WebSocket: self-signed certificate",
    },
    'tls',
    /^The server's certificate is self-signed, so it is not trusted\.$/,
    /^Trust this certificate in the endpoint's TLS settings/,
  ],
  [
    "a proxy sentence quoted in the transport's message",
    {
      message:
        "Could not reach the server: The proxy at 127.0.0.1:3128 could not be reached: connect ECONNREFUSED 127.0.0.1:3128. Check the endpoint's proxy settings.",
    },
    'proxy',
    /^The proxy at 127\.0\.0\.1:3128 could not be reached/,
    /^Check the endpoint's proxy settings\.$/,
  ],
  [
    'https to a plain HTTP port',
    { message: WRONG_VERSION, url: 'https://127.0.0.1:8080/acp' },
    'tls',
    /does not speak TLS/,
    /http:\/\//,
  ],
  [
    '401',
    { message: 'The server refused the credentials (HTTP 401).', code: 'unauthorized' },
    'auth',
    /sign in \(HTTP 401\)/,
    /Sign in, or add the token/,
  ],
  ['403', { message: 'The server refused the credentials (HTTP 403).', status: 403 }, 'auth', /HTTP 403/, /token/],
  [
    'timeout',
    { message: 'The server did not answer within 15 s.', transportKind: 'timeout' },
    'timeout',
    /did not answer in time/,
    /Test again/,
  ],
  [
    '407',
    { message: 'fetch failed Then: The WebSocket upgrade was refused (HTTP 407).' },
    'proxy',
    /HTTP 407/,
    /proxy user and password/,
  ],
  [
    'a tunnel the proxy refused',
    { message: 'fetch failed (Proxy response (403) !== 200 when HTTP Tunneling)' },
    'proxy',
    /tunnel.*HTTP 403/,
    /proxy settings/,
  ],
  ['a 5xx', { message: 'POST initialize answered HTTP 500: boom', status: 500 }, 'other', /HTTP 500/, /agent’s log/],
  [
    'anything else',
    { message: 'initialize failed: Internal error' },
    'other',
    /^The connection to the agent failed\.$/,
    /details/,
  ],
];

describe('classifyFailure', () => {
  it.each(rows)('%s', (_name, input, kind, title, nextStep) => {
    const f = classifyFailure(input);
    expect(f.kind).toBe(kind);
    expect(f.title).toMatch(title);
    expect(f.nextStep).toMatch(nextStep);
    // One sentence, no raw errno text or markup in it.
    expect(f.title).not.toMatch(/ECONNREFUSED|ENOTFOUND|<|fetch failed|Then:/);
    expect(f.details.raw.length).toBeGreaterThan(0);
  });

  it('never tells a server that answered to check that the agent is running', () => {
    for (const input of rows.filter((r) => r[2] === 'not-acp').map((r) => r[1])) {
      expect(classifyFailure(input).nextStep).not.toMatch(/running/i);
    }
  });

  it('keeps the HTML body as a bounded excerpt without tags, and the status', () => {
    const f = classifyFailure({ message: HTML_404, url: 'http://127.0.0.1:8080/acp' });
    expect(f.details.status).toBe(404);
    expect(f.details.excerpt).toBe('404 Not Found');
    expect(f.details.raw).not.toMatch(/<\/?[a-z]/i);
    expect(f.details.raw).toContain('POST initialize answered HTTP 404');

    const page = `<html><script>var x = 1;</script><body>${'<p>word</p> '.repeat(200)}</body></html>`;
    const big = classifyFailure({ message: 'not ACP', status: 200, contentType: 'text/html', body: page });
    expect(big.details.excerpt!.length).toBeLessThanOrEqual(EXCERPT_MAX);
    expect(big.details.excerpt).not.toMatch(/<|var x/);
    expect(big.details.excerpt!.endsWith('…')).toBe(true);
  });

  it('bounds the raw text and masks what looks like a credential', () => {
    const f = classifyFailure({
      message: `POST initialize answered HTTP 404: denied for Bearer abcdef123456 at /acp?api_key=s3cr3t-value ${'x'.repeat(3000)}`,
      body: 'echo: token sk-live-0123456789abcdef',
    });
    expect(f.details.raw.length).toBeLessThanOrEqual(RAW_MAX);
    expect(f.details.raw).not.toMatch(/abcdef123456|s3cr3t-value/);
    expect(f.details.excerpt).not.toMatch(/sk-live-0123456789abcdef/);
  });

  it('reads a classification back from error details only when it is well formed', () => {
    const f = classifyFailure({ message: REFUSED, url: 'http://127.0.0.1:9/acp' });
    expect(failureInDetails({ failure: f })).toEqual(f);
    expect(failureInDetails({ failure: { ...f, kind: 'made-up' } })).toBeNull();
    expect(failureInDetails(undefined)).toBeNull();
    expect(failureInDetails([{ path: 'draft.url', message: 'x' }])).toBeNull();
  });
});
