/** Dynamic credentials as the links use them (credentials.ts, issue 15). */
import { describe, expect, it } from 'vitest';
import { DynamicCredentials, withAuthorization } from '../../../src/core/transport/credentials';
import { LinkError } from '../../../src/core/transport/link';
import { Redactor } from '../../../src/core/transport/redact';
import type { TransportAuth } from '../../../src/core/transport/transport-options';
import { deferred } from '../../../src/shared/util/deferred';

function rig(auth: Partial<TransportAuth> = {}) {
  const calls: Array<string | null> = [];
  const stopped = new AbortController();
  const redactor = new Redactor();
  const full: TransportAuth = {
    header: auth.header ?? (() => Promise.resolve('Bearer tok-123456')),
    unauthorized: (c) => (calls.push(c), auth.unauthorized ? auth.unauthorized(c) : Promise.resolve(true)),
  };
  return { calls, stopped, redactor, creds: new DynamicCredentials(full, redactor, stopped.signal) };
}

const live = () => new AbortController().signal;

describe('DynamicCredentials', () => {
  it('every header value is masked by the redactor from then on, whole and bare', async () => {
    const { creds, redactor } = rig();
    expect(redactor.known('x tok-123456 y')).toBe('x tok-123456 y');
    expect(await creds.header(live())).toBe('Bearer tok-123456');
    expect(redactor.known('x tok-123456 y')).toBe('x [redacted] y');
  });

  it('concurrent 401s share one unauthorized() call', async () => {
    const answer = deferred<boolean>();
    const { creds, calls } = rig({ unauthorized: () => answer.promise });
    const a = creds.refresh('Bearer a', 'Bearer old', live());
    const b = creds.refresh('Bearer b', 'Bearer old', live());
    const c = creds.refresh('Bearer c', 'Bearer other', live());
    answer.resolve(true);
    expect(await Promise.all([a, b, c])).toEqual([true, true, true]);
    expect(calls).toEqual(['Bearer a']);
  });

  it('a 401 for a value an earlier refresh replaced is retried without asking again; a new value asks again', async () => {
    const { creds, calls } = rig();
    expect(await creds.refresh(null, 'Bearer old', live())).toBe(true);
    expect(await creds.refresh(null, 'Bearer old', live())).toBe(true);
    expect(calls).toHaveLength(1);
    expect(await creds.refresh(null, 'Bearer new', live())).toBe(true);
    expect(calls).toHaveLength(2);
  });

  it('a refused refresh stays refused for that value; a rejecting unauthorized() reads as false', async () => {
    const { creds, calls } = rig({ unauthorized: () => Promise.reject(new Error('network')) });
    expect(await creds.refresh(null, 'Bearer old', live())).toBe(false);
    expect(await creds.refresh(null, 'Bearer old', live())).toBe(false);
    expect(calls).toHaveLength(1);
  });

  it('waits end with the caller’s signal (timeout) and with close (closed)', async () => {
    const never = new Promise<never>(() => undefined);
    const { creds, stopped } = rig({ header: () => never, unauthorized: () => never });
    const deadline = new AbortController();
    const h = creds.header(deadline.signal);
    deadline.abort();
    await expect(h).rejects.toMatchObject({ kind: 'timeout' });
    const r = creds.refresh(null, 'x', live());
    stopped.abort();
    await expect(r).rejects.toMatchObject({ kind: 'closed' });
    await expect(creds.header(live())).rejects.toBeInstanceOf(LinkError);
    // The DELETE sent while closing is bounded by its own deadline only.
    const late = new AbortController();
    const d = creds.header(late.signal, true);
    late.abort();
    await expect(d).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('a failing header() is an auth failure whose message is redacted', async () => {
    const { creds } = rig({ header: () => Promise.reject(new Error('refresh failed for Bearer abcdef123456')) });
    const e: unknown = await creds.header(live()).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(LinkError);
    expect(e).toMatchObject({ kind: 'auth' });
    expect((e as LinkError).message).not.toContain('abcdef123456');
  });
});

describe('withAuthorization', () => {
  it('replaces an endpoint Authorization of any case; no value leaves the headers alone', () => {
    expect(withAuthorization({ Authorization: 'Bearer static', x: '1' }, 'Bearer dyn')).toEqual({
      x: '1',
      authorization: 'Bearer dyn',
    });
    expect(withAuthorization({ Authorization: 'Bearer static' }, undefined)).toEqual({
      Authorization: 'Bearer static',
    });
  });
});
