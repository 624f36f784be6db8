import { describe, expect, it } from 'vitest';
import { neverDelivered } from '../../../src/core/transport/delivery';

const wrapped = (code: string) =>
  Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) });

describe('neverDelivered', () => {
  it('is true only for failures before a connection existed', () => {
    expect(neverDelivered(wrapped('ECONNREFUSED'))).toBe(true);
    expect(neverDelivered(wrapped('ENOTFOUND'))).toBe(true);
    expect(neverDelivered(wrapped('UND_ERR_CONNECT_TIMEOUT'))).toBe(true);
    expect(neverDelivered(wrapped('ECONNRESET'))).toBe(false); // may have been read
    expect(neverDelivered(wrapped('UND_ERR_SOCKET'))).toBe(false);
    expect(neverDelivered(new Error('boom'))).toBe(false);
    expect(neverDelivered(undefined)).toBe(false);
  });
});
