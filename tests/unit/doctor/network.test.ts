import type { PeerCertificate } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { parseProbeArgs } from '../../../src/cli/commands/probe';
import { UsageError } from '../../../src/cli/args';
import { assessCertificate, checkUrl, proxyStep } from '../../../src/core/doctor/network';

describe('URL step', () => {
  it('a host:port/path without a scheme fails and suggests http://', () => {
    const r = checkUrl('localhost:8080/acp');
    expect(r.facts).toBeNull();
    expect(r.body).toMatchObject({
      verdict: 'fail',
      fix: 'Use http://localhost:8080/acp (or https:// if the server has TLS).',
    });
  });

  it('ws:// and wss:// URLs give the matching http(s) URL for the HTTP steps', () => {
    expect(checkUrl('wss://agent.example.com/acp').facts).toMatchObject({
      httpUrl: 'https://agent.example.com/acp',
      wsUrl: 'wss://agent.example.com/acp',
      port: 443,
      secure: true,
    });
    expect(checkUrl('http://127.0.0.1:9/acp').facts).toMatchObject({
      wsUrl: 'ws://127.0.0.1:9/acp',
      port: 9,
      secure: false,
    });
  });

  it('a bare origin warns that ACP is usually at /acp', () => {
    const r = checkUrl('https://agent.example.com');
    expect(r.body.verdict).toBe('warn');
    expect(r.body.fix).toContain('https://agent.example.com/acp');
  });

  it('credentials in the URL and unknown schemes fail', () => {
    expect(checkUrl('https://u:p@agent.example.com/acp').body.verdict).toBe('fail');
    expect(checkUrl('ftp://agent.example.com/acp').body.verdict).toBe('fail');
  });
});

describe('proxy step', () => {
  it('No proxy: passes without proxy variables, warns with them (the endpoint ignores them)', () => {
    expect(proxyStep({}, 'none', 'h', undefined).verdict).toBe('pass');
    const r = proxyStep({ HTTPS_PROXY: 'http://proxy:3128' }, 'none', 'h', undefined);
    expect(r.verdict).toBe('warn');
    expect(r.explanation).toContain('HTTPS_PROXY');
    expect(r.fix).toMatch(/System proxy/);
  });

  it('System proxy: names the proxy from the environment, or says none applies', () => {
    const env = { HTTPS_PROXY: 'http://u:secret@proxy:3128' };
    const via = proxyStep(env, 'system', 'agent.example', env.HTTPS_PROXY);
    expect(via.explanation).toContain('system proxy http://proxy:3128 (from HTTPS_PROXY)');
    expect(JSON.stringify(via)).not.toContain('secret');
    expect(proxyStep(env, 'system', '127.0.0.1', undefined).explanation).toMatch(
      /No system proxy applies to 127\.0\.0\.1/,
    );
  });

  it('a proxy URL: names it, says whether credentials go with it, and never shows them', () => {
    const r = proxyStep({}, 'url', 'h', 'http://alice:pw@proxy.corp:8080', true);
    expect(r.verdict).toBe('pass');
    expect(r.explanation).toContain('through the proxy http://proxy.corp:8080 with credentials');
    expect(JSON.stringify(r)).not.toMatch(/alice|pw@/);
  });
});

describe('certificate assessment', () => {
  const socket = (authorizationError: string | null) =>
    ({ getProtocol: () => 'TLSv1.3', alpnProtocol: 'h2', authorizationError }) as never;
  const cert = (cn: string, issuer: string, validTo: string) =>
    ({
      subject: { CN: cn },
      issuer: { CN: issuer },
      valid_from: 'Jan  1 00:00:00 2026 GMT',
      valid_to: validTo,
      fingerprint256: 'AB:CD',
      subjectaltname: `DNS:${cn}`,
    }) as unknown as PeerCertificate;
  const now = new Date('2026-06-01T00:00:00Z');

  it('a trusted certificate for the host: no problems, ALPN h2', () => {
    const a = assessCertificate(
      socket(null),
      cert('agent.example.com', 'Example CA', 'Jan  1 00:00:00 2027 GMT'),
      'agent.example.com',
      now,
    );
    expect(a.trusted).toBe(true);
    expect(a.problems).toEqual([]);
    expect(a.evidence).toMatchObject({ alpn: 'h2', hostnameMatch: true, selfSigned: false, expired: false });
  });

  it('expired and for another host: both problems, each with a fix', () => {
    const a = assessCertificate(
      socket('CERT_HAS_EXPIRED'),
      cert('other.example.com', 'Example CA', 'Jan  2 00:00:00 2026 GMT'),
      'agent.example.com',
      now,
    );
    expect(a.trusted).toBe(false);
    expect(a.problems.map((p) => p[0])).toEqual([
      'the certificate expired on Jan  2 00:00:00 2026 GMT',
      expect.stringContaining('the certificate is not for agent.example.com'),
    ]);
    expect(a.problems[0]![1]).toBe('Renew the server certificate.');
  });

  it('an untrusted chain without a more specific reason names the verification error', () => {
    const a = assessCertificate(
      socket('UNABLE_TO_GET_ISSUER_CERT_LOCALLY'),
      cert('agent.example.com', 'Private CA', 'Jan  1 00:00:00 2027 GMT'),
      'agent.example.com',
      now,
    );
    expect(a.problems).toEqual([
      [
        'the certificate chain is not trusted (UNABLE_TO_GET_ISSUER_CERT_LOCALLY)',
        expect.stringContaining('full chain'),
      ],
    ]);
  });
});

describe('probe flags', () => {
  it('parses headers, transport, prompt, only and json', () => {
    expect(
      parseProbeArgs([
        'http://h/acp',
        '--header',
        'Authorization: Bearer x',
        '--transport',
        'ws',
        '--prompt',
        'hi',
        '--only',
        'doctor',
        '--json',
      ]),
    ).toEqual({
      url: 'http://h/acp',
      headers: { Authorization: 'Bearer x' },
      transport: 'ws',
      prompt: 'hi',
      only: 'doctor',
      json: true,
      network: { proxy: { mode: 'system' }, tls: {} },
    });
  });

  it('refuses a bad --transport, a bad --only, a malformed --header and a missing url', () => {
    expect(() => parseProbeArgs(['http://h/acp', '--transport', 'h2'])).toThrow(UsageError);
    expect(() => parseProbeArgs(['http://h/acp', '--only', 'all'])).toThrow(UsageError);
    expect(() => parseProbeArgs(['http://h/acp', '--header', 'nocolon'])).toThrow(UsageError);
    expect(() => parseProbeArgs([])).toThrow(UsageError);
  });
});
