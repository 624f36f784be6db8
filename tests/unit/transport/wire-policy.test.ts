/** The one table of what each wire outcome means (src/core/transport/wire-policy.ts). */
import { describe, expect, it } from 'vitest';
import {
  onHandshakeAnswer,
  onNetworkError,
  onPostAnswer,
  onStreamAnswer,
  onStreamEnded,
  onUpgradeRefused,
  onWebSocketClose,
} from '../../../src/core/transport/wire-policy';

const URL_ = 'http://127.0.0.1:9/acp';
const refused = Object.assign(new Error('fetch failed'), {
  cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }),
});
const reset = Object.assign(new Error('fetch failed'), {
  cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }),
});

describe('stream GET answers', () => {
  it.each([
    [200, 'text/event-stream', 'ok'],
    [200, 'text/event-stream; charset=utf-8', 'ok'],
    [200, 'application/json', 'retry'],
    [301, undefined, 'fatal'],
    [307, undefined, 'fatal'],
    [308, undefined, 'fatal'],
    [404, undefined, 'rebuild'],
    [410, undefined, 'rebuild'],
    [401, undefined, 'auth'],
    [403, undefined, 'auth'],
    [409, undefined, 'retry'],
    [408, undefined, 'retry'],
    [429, undefined, 'retry'],
    [500, undefined, 'retry'],
    [502, undefined, 'retry'],
    [503, undefined, 'retry'],
    [400, undefined, 'fatal'],
    [405, undefined, 'fatal'],
  ] as const)('HTTP %i (%s) → %s', (status, contentType, action) => {
    expect(onStreamAnswer({ status, contentType }, URL_, 'the connection stream').action).toBe(action);
  });

  it('a redirect names its target, resolved against the endpoint', () => {
    const v = onStreamAnswer({ status: 307, location: '//evil.example/x' }, URL_, 'the connection stream');
    expect(v).toMatchObject({ action: 'fatal', status: 307 });
    expect('reason' in v && v.reason).toContain('http://evil.example/x');
  });
});

describe('POST answers', () => {
  it.each([
    [200, 'ok'],
    [202, 'ok'],
    [204, 'ok'],
    [307, 'fail'],
    [404, 'wait'],
    [410, 'wait'],
    [401, 'auth'],
    [403, 'auth'],
    [413, 'fail'],
    [500, 'fail'],
    [503, 'fail'],
  ] as const)('HTTP %i → %s', (status, action) => {
    expect(onPostAnswer({ status }, URL_).action).toBe(action);
  });

  it('413 is too-large; a 5xx carries the body start', () => {
    expect(onPostAnswer({ status: 413 }, URL_)).toMatchObject({ kind: 'too-large' });
    expect(onPostAnswer({ status: 500, body: 'database on fire' }, URL_)).toMatchObject({
      kind: 'http',
      reason: 'The server answered HTTP 500: database on fire',
    });
  });
});

describe('initialize answers', () => {
  it.each([
    [200, 'ok'],
    [302, 'fail'],
    [401, 'auth'],
    [400, 'next-profile'],
    [404, 'next-profile'],
    [405, 'next-profile'],
    [406, 'next-profile'],
    [415, 'next-profile'],
    [426, 'next-profile'],
    [501, 'next-profile'],
    [500, 'fail'],
  ] as const)('HTTP %i → %s', (status, action) => {
    expect(onHandshakeAnswer({ status }, URL_).action).toBe(action);
  });
});

describe('network errors', () => {
  it('a stream that cannot be opened is retried', () => {
    expect(onNetworkError('stream', refused, 'refused').action).toBe('retry');
    expect(onNetworkError('stream', reset, 'reset').action).toBe('retry');
  });
  it('a POST that never left this machine waits; one that may have arrived fails', () => {
    expect(onNetworkError('post', refused, 'refused').action).toBe('wait');
    expect(onNetworkError('post', reset, 'reset')).toMatchObject({ action: 'fail', kind: 'network' });
    expect(onNetworkError('post', reset, 'x', { timedOut: true, timeoutSeconds: 30 })).toMatchObject({
      kind: 'timeout',
      reason: 'The server did not answer within 30 s.',
    });
  });
  it('our own abort is `closed`, whatever the error', () => {
    expect(onNetworkError('post', refused, 'x', { stopped: true })).toMatchObject({ kind: 'closed' });
  });
});

describe('stream endings and WebSocket closes', () => {
  it.each(['eof', 'idle', 'error'] as const)('an open stream ending by %s is retried', (how) => {
    expect(onStreamEnded(how).action).toBe('retry');
  });
  it.each([
    [1000, '', 'rebuild'],
    [1001, 'going away', 'rebuild'],
    [1006, '', 'rebuild'],
    [1009, '', 'rebuild'],
    [1011, 'internal', 'rebuild'],
    [1008, 'auth expired', 'auth'],
    [1008, 'policy', 'rebuild'],
  ] as const)('close %i %s → %s', (code, reason, action) => {
    expect(onWebSocketClose(code, reason, 1024).action).toBe(action);
  });
  it('a refused upgrade is auth for 401/403, else the next profile', () => {
    expect(onUpgradeRefused(401, '').action).toBe('auth');
    expect(onUpgradeRefused(404, 'nope').action).toBe('next-profile');
  });
});

describe('a refused connect (nothing listens)', () => {
  it('is flagged so the stream retries under a 1 s ceiling; other network errors are not', async () => {
    const { REFUSED_RETRY_CAP_MS } = await import('../../../src/core/transport/wire-policy');
    const { RetryCounter, DEFAULT_BACKOFF } = await import('../../../src/core/transport/backoff');
    expect(onNetworkError('stream', refused, 'refused')).toMatchObject({ action: 'retry', refused: true });
    expect(onNetworkError('stream', reset, 'reset')).not.toHaveProperty('refused');
    const counter = new RetryCounter(DEFAULT_BACKOFF);
    const capped = Array.from({ length: 8 }, () => counter.next(() => 1, REFUSED_RETRY_CAP_MS));
    expect(Math.max(...(capped as number[]))).toBe(REFUSED_RETRY_CAP_MS);
    expect(counter.next(() => 1)).toBeNull(); // the budget still applies
  });
});
