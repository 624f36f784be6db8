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
