import { describe, expect, it } from 'vitest';
import { retryWithBackoff, RetryCounter, type BackoffPolicy } from '../../../src/core/transport/backoff';

const policy: BackoffPolicy = { baseMs: 100, maxMs: 1000, maxAttempts: 3, healthyAfterMs: 50 };

class Failure extends Error {
  constructor(
    message: string,
    readonly fatal = false,
  ) {
    super(message);
  }
}

/** A retry loop whose attempts fail with the given errors in turn, then succeed. */
function harness(failures: Failure[], opts: { stopAfterSleeps?: number } = {}) {
  const slept: number[] = [];
  const retries: Array<[number, number, string]> = [];
  let attempts = 0;
  const run = retryWithBackoff<Failure>({
    policy,
    random: () => 0.5,
    sleep: (ms) => {
      slept.push(ms);
      return Promise.resolve();
    },
    stopped: () => opts.stopAfterSleeps !== undefined && slept.length >= opts.stopAfterSleeps,
    attempt: () => {
      const e = failures[attempts++];
      return e ? Promise.reject(e) : Promise.resolve();
    },
    asError: (e) => (e instanceof Failure ? e : new Failure(String(e))),
    isFatal: (e) => e.fatal,
    spent: (e, n) => new Failure(`gave up after ${n} attempts: ${e.message}`),
    onRetry: (attempt, delayMs, e) => retries.push([attempt, delayMs, e.message]),
  });
  return { run, slept, retries, attempts: () => attempts };
}

describe('retryWithBackoff', () => {
  it('resolves to null when the first attempt succeeds, without sleeping', async () => {
    const h = harness([]);
    await expect(h.run).resolves.toBeNull();
    expect(h.attempts()).toBe(1);
    expect(h.slept).toEqual([]);
  });

  it('retries with growing full-jitter delays until an attempt succeeds', async () => {
    const h = harness([new Failure('a'), new Failure('b')]);
    await expect(h.run).resolves.toBeNull();
    expect(h.attempts()).toBe(3);
    expect(h.slept).toEqual([50, 100]);
    expect(h.retries).toEqual([
      [1, 50, 'a'],
      [2, 100, 'b'],
    ]);
  });

  it('gives up with the spent error once the budget is used', async () => {
    const h = harness([new Failure('1'), new Failure('2'), new Failure('3'), new Failure('4'), new Failure('5')]);
    const result = await h.run;
    expect(result).toBeInstanceOf(Failure);
    expect((result as Failure).message).toBe('gave up after 3 attempts: 4');
    expect(h.attempts()).toBe(4);
    expect(h.slept).toEqual([50, 100, 200]);
  });

  it('returns a fatal error at once', async () => {
    const fatal = new Failure('unauthorized', true);
    const h = harness([new Failure('flaky'), fatal]);
    await expect(h.run).resolves.toBe(fatal);
    expect(h.attempts()).toBe(2);
    expect(h.slept).toEqual([50]);
  });

  it('wraps what an attempt threw with asError', async () => {
    const wrapped = retryWithBackoff<Failure>({
      policy: { ...policy, maxAttempts: 0 },
      random: () => 0,
      sleep: () => Promise.resolve(),
      stopped: () => false,
      attempt: () => Promise.reject(new Error('boom')),
      asError: (e) => new Failure(`wrapped ${(e as Error).message}`),
      isFatal: () => false,
      spent: (e) => e,
      onRetry: () => undefined,
    });
    await expect(wrapped).resolves.toMatchObject({ message: 'wrapped boom' });
  });

  it("says 'stopped' when the caller stopped, before the first attempt or between retries", async () => {
    const before = harness([new Failure('x')], { stopAfterSleeps: 0 });
    await expect(before.run).resolves.toBe('stopped');
    expect(before.attempts()).toBe(0);
    const between = harness([new Failure('x'), new Failure('y')], { stopAfterSleeps: 1 });
    await expect(between.run).resolves.toBe('stopped');
    expect(between.attempts()).toBe(1);
  });
});

describe('RetryCounter', () => {
  it('counts attempts and draws each delay from its own ceiling', () => {
    const draws: number[] = [];
    const r = new RetryCounter(policy);
    const random = () => {
      draws.push(draws.length);
      return 0.25;
    };
    expect([r.next(random), r.next(random), r.next(random)]).toEqual([25, 50, 100]);
    expect(r.attempt).toBe(3);
    expect(draws).toHaveLength(3);
    expect(r.next(random)).toBeNull();
    expect(draws).toHaveLength(3); // no draw once the budget is spent
    r.healthy();
    expect(r.next(random)).toBe(25);
  });
});
