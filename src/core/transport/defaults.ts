/** Transport defaults: limits from the observed peers (reference §1.3, §4.2, §5.3). */
import { methods } from '@agentclientprotocol/sdk';
import { DEFAULT_BACKOFF } from './backoff';
import type { Timers, TransportLimits } from './link';

export const DEFAULT_LIMITS: TransportLimits = {
  maxMessageBytes: 32 * 1024 * 1024,
  maxRequestBytes: 16 * 1024 * 1024,
  idleTimeoutMs: 45_000,
  postTimeoutMs: 75_000,
  connectTimeoutMs: 30_000,
  pingIntervalMs: 15_000,
  pongTimeoutMs: 10_000,
  deleteTimeoutMs: 2_000,
  backoff: DEFAULT_BACKOFF,
  offlineRetryMs: 15_000,
};

export const DEFAULT_TIMEOUTS: Record<string, number | null> = {
  [methods.agent.session.prompt]: null,
  [methods.agent.session.load]: 10 * 60_000,
  '*': 2 * 60_000,
};

/** A prompt silent this long after a stream gap ends "interrupted" (its answer was likely lost). */
export const GAP_STALL_MS = 90_000;

export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

/** The timeout for a request method, from the caller's table or the defaults; null = none. */
export function requestTimeout(method: string, overrides?: Readonly<Record<string, number | null>>): number | null {
  const table = { ...DEFAULT_TIMEOUTS, ...overrides };
  return (method in table ? table[method] : table['*']) ?? null;
}
