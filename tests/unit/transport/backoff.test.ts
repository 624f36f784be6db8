import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF, RetryCounter, type BackoffPolicy } from '../../../src/core/transport/backoff';

const policy: BackoffPolicy = { baseMs: 100, maxMs: 1000, maxAttempts: 5, healthyAfterMs: 50 };

describe('backoffDelay (full jitter)', () => {
  it('draws from [0, min(max, base·2^attempt)]', () => {
    for (let attempt = 0; attempt < 8; attempt++) {
      const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt);
      expect(backoffDelay(attempt, policy, () => 0)).toBe(0);
      expect(backoffDelay(attempt, policy, () => 0.999999)).toBe(ceiling);
      expect(backoffDelay(attempt, policy, () => 0.5)).toBe(Math.round(ceiling / 2));
    }
  });

  it('never exceeds the cap, whatever the attempt', () => {
    expect(backoffDelay(60, policy, () => 0.999999)).toBe(policy.maxMs);
    expect(backoffDelay(5000, policy, () => 0.999999)).toBe(policy.maxMs);
  });

  it('stays within bounds for random draws', () => {
    for (let i = 0; i < 500; i++) {
      const attempt = i % 10;
      const d = backoffDelay(attempt, DEFAULT_BACKOFF, Math.random);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(Math.min(DEFAULT_BACKOFF.maxMs, DEFAULT_BACKOFF.baseMs * 2 ** attempt));
    }
  });
});

describe('RetryCounter', () => {
  it('grows the ceiling per consecutive failure and gives up after the budget', () => {
    const r = new RetryCounter(policy);
    const delays: Array<number | null> = [];
    for (let i = 0; i < policy.maxAttempts; i++) delays.push(r.next(() => 0.999999));
    expect(delays).toEqual([100, 200, 400, 800, 1000]);
    expect(r.attempt).toBe(5);
    expect(r.next(() => 0.5)).toBeNull();
    expect(r.next(() => 0.5)).toBeNull();
  });

  it('starts again at the base after the stream was healthy', () => {
    const r = new RetryCounter(policy);
    r.next(() => 1);
    r.next(() => 1);
    r.next(() => 1);
    expect(r.attempt).toBe(3);
    r.healthy();
    expect(r.attempt).toBe(0);
    expect(r.next(() => 0.999999)).toBe(policy.baseMs);
  });

  it('a budget of zero gives up at once', () => {
    const r = new RetryCounter({ ...policy, maxAttempts: 0 });
    expect(r.next(() => 0.5)).toBeNull();
  });
});
