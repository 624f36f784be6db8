import { describe, expect, it } from 'vitest';
import { sessionOfLane } from '../../../src/shared/domain/traffic';
import { backoffDelay } from '../../../src/shared/util/backoff';
import { deferred } from '../../../src/shared/util/deferred';
import { formatDuration } from '../../../src/shared/util/duration';
import { isRecord } from '../../../src/shared/util/is-record';

describe('sessionOfLane', () => {
  it('gives the id of a session lane and nothing for the others', () => {
    expect(sessionOfLane('session:abc')).toBe('abc');
    expect(sessionOfLane('session:a:b')).toBe('a:b');
    expect(sessionOfLane('session:')).toBe('');
    expect(sessionOfLane('connection')).toBeUndefined();
    expect(sessionOfLane('post')).toBeUndefined();
    expect(sessionOfLane('websocket')).toBeUndefined();
    expect(sessionOfLane(undefined)).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  it('draws from [0, min(max, base·2^attempt)], attempt 0 being the first retry', () => {
    const curve = { baseMs: 100, maxMs: 1000 };
    expect(backoffDelay(0, curve, () => 0.999999)).toBe(100);
    expect(backoffDelay(3, curve, () => 0.5)).toBe(400);
    expect(backoffDelay(10, curve, () => 0.999999)).toBe(1000);
    expect(backoffDelay(-1, curve, () => 0.999999)).toBe(100);
    expect(backoffDelay(5, curve, () => 0)).toBe(0);
  });
});

describe('deferred', () => {
  it('settles from outside', async () => {
    const ok = deferred<number>();
    ok.resolve(7);
    await expect(ok.promise).resolves.toBe(7);
    const bad = deferred();
    bad.reject(new Error('no'));
    await expect(bad.promise).rejects.toThrow('no');
  });
});

describe('formatDuration', () => {
  it('reads ms, seconds with decimals below 10 s, then whole seconds and minutes', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(2300)).toBe('2.3 s');
    expect(formatDuration(1234, 2)).toBe('1.23 s');
    expect(formatDuration(12_400)).toBe('12 s');
    expect(formatDuration(65_000)).toBe('1 min 05 s');
    expect(formatDuration(-5)).toBe('0 s');
    expect(formatDuration(Number.NaN)).toBe('0 s');
  });
});

describe('isRecord', () => {
  it('accepts plain objects only', () => {
    expect(isRecord({})).toBe(true);
    expect(isRecord({ a: 1 })).toBe(true);
    expect(isRecord([])).toBe(false);
    expect(isRecord(null)).toBe(false);
    expect(isRecord('x')).toBe(false);
    expect(isRecord(undefined)).toBe(false);
  });
});
