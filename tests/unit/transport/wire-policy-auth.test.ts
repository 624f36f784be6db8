/** What a 401/403 means with dynamic credentials (wire-policy.ts, issue 15). */
import { describe, expect, it } from 'vitest';
import {
  onCredentialsRefused,
  onHandshakeAnswer,
  onPostAnswer,
  onStreamAnswer,
  onUpgradeRefused,
  SIGN_IN_AGAIN,
  type Credentials,
  type HttpAnswer,
} from '../../../src/core/transport/wire-policy';

const URL_ = 'http://127.0.0.1:9/acp';
const judges = {
  stream: (a: HttpAnswer) => onStreamAnswer(a, URL_, 'the connection stream'),
  post: (a: HttpAnswer) => onPostAnswer(a, URL_),
  handshake: (a: HttpAnswer) => onHandshakeAnswer(a, URL_),
  upgrade: (a: HttpAnswer) => onUpgradeRefused(a.status, a.body ?? '', a.credentials),
};

describe.each(Object.entries(judges))('%s', (_name, judge) => {
  it.each([
    [401, undefined, 'auth'],
    [401, 'refreshable', 'reauthorize'],
    [401, 'refreshed', 'auth'],
    [403, undefined, 'auth'],
    [403, 'refreshable', 'auth'],
    [403, 'refreshed', 'auth'],
  ] as Array<[number, Credentials | undefined, string]>)(
    'HTTP %i with credentials %s → %s',
    (status, credentials, action) => {
      expect(judge({ status, ...(credentials ? { credentials } : {}) }).action).toBe(action);
    },
  );

  it('a 401 on refreshed credentials says to sign in again; without them it reads as before', () => {
    expect(judge({ status: 401, credentials: 'refreshed' })).toEqual({
      action: 'auth',
      status: 401,
      reason: SIGN_IN_AGAIN,
    });
    const before = judge({ status: 401 });
    expect(before.action).toBe('auth');
    expect('reason' in before && before.reason).not.toContain('sign in again');
  });

  it('credentials change nothing but 401', () => {
    for (const status of [200, 404, 409, 500])
      expect(judge({ status, credentials: 'refreshable' })).toEqual(judge({ status }));
  });
});

it('a refresh refused is an auth stop that says to sign in again', () => {
  expect(onCredentialsRefused()).toEqual({
    action: 'auth',
    status: 401,
    reason: 'the server refused the credentials (HTTP 401); sign in again',
  });
});
