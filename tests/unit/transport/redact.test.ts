import { describe, expect, it } from 'vitest';
import { REDACTED, Redactor } from '../../../src/core/transport/redact';

describe('Redactor', () => {
  it('always masks conventional credential headers, whatever their case', () => {
    const r = new Redactor();
    expect(
      r.headers({
        Authorization: 'Bearer abc',
        Cookie: 'lb=a',
        'Set-Cookie': 'lb=b',
        'X-Api-Key': 'k',
        'content-type': 'application/json',
      }),
    ).toEqual({
      authorization: REDACTED,
      cookie: REDACTED,
      'set-cookie': REDACTED,
      'x-api-key': REDACTED,
      'content-type': 'application/json',
    });
  });

  it('masks an endpoint secret header by name and its value wherever it is echoed', () => {
    const r = new Redactor(['X-Tenant-Token'], ['tok-SECRET-1234']);
    expect(r.headers({ 'x-tenant-token': 'tok-SECRET-1234', via: 'gw tok-SECRET-1234' })).toEqual({
      'x-tenant-token': REDACTED,
      via: `gw ${REDACTED}`,
    });
    expect(r.text('denied for tok-SECRET-1234, again tok-SECRET-1234')).toBe(
      `denied for ${REDACTED}, again ${REDACTED}`,
    );
  });

  it('accepts a Headers object', () => {
    const r = new Redactor([], ['s3cr3t-value']);
    const h = new Headers({ Authorization: 'x', 'X-Echo': 's3cr3t-value' });
    expect(r.headers(h)).toEqual({ authorization: REDACTED, 'x-echo': REDACTED });
    expect(r.headers(undefined)).toEqual({});
  });

  it('masks the longest secret first, so one containing another is masked whole', () => {
    const r = new Redactor([], ['abcd', 'abcdefgh']);
    expect(r.text('key=abcdefgh;short=abcd')).toBe(`key=${REDACTED};short=${REDACTED}`);
  });

  it('ignores trivially short secret values', () => {
    const r = new Redactor([], ['ab', '']);
    expect(r.text('ab ab')).toBe('ab ab');
    expect(r.mentionsSecret('ab')).toBe(false);
  });

  it('deep-copies JSON with secrets masked in every string, leaving the input untouched', () => {
    const r = new Redactor([], ['hunter2-pass']);
    const input = {
      jsonrpc: '2.0',
      id: 1,
      error: { code: -32000, message: 'bad hunter2-pass', data: { list: ['ok', 'x hunter2-pass y', 3, null, true] } },
    };
    const out = r.json(input);
    expect(out).toEqual({
      jsonrpc: '2.0',
      id: 1,
      error: { code: -32000, message: `bad ${REDACTED}`, data: { list: ['ok', `x ${REDACTED} y`, 3, null, true] } },
    });
    expect(input.error.message).toBe('bad hunter2-pass');
    expect(r.mentionsSecret(JSON.stringify(input))).toBe(true);
  });

  it('returns JSON as is when there are no secret values', () => {
    const r = new Redactor(['x-token']);
    const v = { a: ['b'] };
    expect(r.json(v)).toBe(v);
  });
});

describe('Redactor: what review found it missed (issue 9 item 2)', () => {
  it('masks the bare token of a Bearer/Basic secret wherever a server echoes it', () => {
    const basic = `Basic ${Buffer.from('alice:pa55-w0rd!').toString('base64')}`;
    const r = new Redactor(['authorization'], ['Bearer tok-abcdef123456', basic]);
    expect(r.text('echo: tok-abcdef123456')).toBe(`echo: ${REDACTED}`);
    expect(r.text('user alice:pa55-w0rd! / pa55-w0rd!')).not.toMatch(/pa55-w0rd!/);
  });

  it('treats common credential header names as secret by default', () => {
    const r = new Redactor();
    const out = r.headers({
      'x-goog-api-key': 'g',
      'private-token': 'p',
      'x-access-token': 'a',
      'x-my-service-token': 't',
      accept: 'text/event-stream',
    });
    expect(out).toEqual({
      'x-goog-api-key': REDACTED,
      'private-token': REDACTED,
      'x-access-token': REDACTED,
      'x-my-service-token': REDACTED,
      accept: 'text/event-stream',
    });
  });

  it('masks secret-named URL query parameters, URL passwords and unknown Bearer tokens in any text', () => {
    const r = new Redactor();
    expect(r.text('http://h/acp?api_key=abc123&x=1&access_token=zzz')).toBe(
      `http://h/acp?api_key=${REDACTED}&x=1&access_token=${REDACTED}`,
    );
    expect(r.text('https://bob:hunter22@h.example/acp')).toBe(`https://${REDACTED}@h.example/acp`);
    expect(r.text('"excerpt":"denied token=Bearer tok-7f3a9c1e"')).not.toContain('tok-7f3a9c1e');
    // Prose is left alone.
    expect(r.text('Basic functionality and Bearer authentication')).toBe(
      'Basic functionality and Bearer authentication',
    );
  });

  it('masks a secret-named {name, value} pair (MCP env and headers in session/new)', () => {
    const r = new Redactor([], ['postgres://u:dbpass99@db/x']);
    const params = {
      mcpServers: [
        {
          name: 'gh',
          command: 'gh-mcp',
          env: [
            { name: 'GITHUB_TOKEN', value: 'ghp_plain' },
            { name: 'DATABASE_URL', value: 'postgres://u:dbpass99@db/x' },
            { name: 'LOG_LEVEL', value: 'debug' },
          ],
        },
      ],
    };
    const out = r.json(params);
    expect(JSON.stringify(out)).not.toMatch(/ghp_plain|dbpass99/);
    expect(out.mcpServers[0]!.env[2]!.value).toBe('debug');
    // Copy on write: the input is untouched.
    expect(params.mcpServers[0]!.env[0]!.value).toBe('ghp_plain');
  });

  it('masks secret-named entries of a header or env map (providers/set headers), keeping the rest', () => {
    const r = new Redactor();
    const params = {
      providerId: 'p1',
      baseUrl: 'https://llm.example/v1',
      headers: { 'x-api-key': 'sk-ant-plain-123', 'X-Org': 'acme', Authorization: 'Token abc' },
      env: { OPENAI_API_KEY: 'sk-openai-456', REGION: 'eu' },
      // Outside a map, a field that merely sounds secret is left alone (ACP's own fields).
      authMethods: [{ id: 'token-login', name: 'Token login' }],
    };
    const out = r.json(params);
    expect(JSON.stringify(out)).not.toMatch(/sk-ant-plain-123|sk-openai-456|Token abc/);
    expect(out.headers['X-Org']).toBe('acme');
    expect(out.env.REGION).toBe('eu');
    expect(out.authMethods[0]!.id).toBe('token-login');
    expect(params.headers['x-api-key']).toBe('sk-ant-plain-123');
    // 'known' mode (agent content shown as chat) masks only held values.
    expect(r.json(params, 'known')).toBe(params);
  });

  it('returns the same object when nothing is secret (no copy)', () => {
    const r = new Redactor([], ['sekret-value']);
    const value = { a: [1, 'plain', { b: 'text' }] };
    expect(r.json(value)).toBe(value);
  });

  it("'known' mode masks only held secrets, leaving credential-shaped prose in agent content", () => {
    const r = new Redactor([], ['sk-live-999999']);
    expect(r.json({ text: 'use ?api_key=YOUR_KEY with sk-live-999999' }, 'known')).toEqual({
      text: `use ?api_key=YOUR_KEY with ${REDACTED}`,
    });
  });
});
