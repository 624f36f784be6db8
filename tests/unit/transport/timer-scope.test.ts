import { describe, expect, it, vi } from 'vitest';
import { TimerScope } from '../../../src/core/transport/timer-scope';

const real = {
  setTimeout: (f: () => void, ms: number) => setTimeout(f, ms),
  clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout),
  now: () => Date.now(),
};

describe('TimerScope', () => {
  it('runs timers until disposed; after dispose nothing runs and nothing can be scheduled', () => {
    vi.useFakeTimers();
    try {
      const scope = new TimerScope(real);
      const ran: string[] = [];
      scope.setTimeout(() => ran.push('a'), 10);
      scope.setTimeout(() => ran.push('b'), 1_000);
      vi.advanceTimersByTime(20);
      expect(ran).toEqual(['a']);
      expect(scope.pending).toBe(1);
      scope.dispose();
      expect(scope.pending).toBe(0);
      scope.setTimeout(() => ran.push('c'), 1);
      vi.advanceTimersByTime(5_000);
      expect(ran).toEqual(['a']);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
