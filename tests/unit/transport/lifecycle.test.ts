/** The connection lifecycle table (src/core/transport/lifecycle.ts): every allowed move, and every ignored one. */
import { describe, expect, it } from 'vitest';
import {
  connectionStateOf,
  detailOf,
  isTerminal,
  nextPhase,
  rebuildPlan,
  sendsNow,
  type LifeEvent,
  type Phase,
  type PhaseName,
} from '../../../src/core/transport/lifecycle';

const PHASES: Record<PhaseName, Phase> = {
  idle: { name: 'idle' },
  connecting: { name: 'connecting' },
  open: { name: 'open', since: 0 },
  recovering: { name: 'recovering', reason: 'HTTP 404', attempt: 0 },
  reattaching: { name: 'reattaching', reason: 'HTTP 404' },
  offline: { name: 'offline', reason: 'down', retryEveryMs: 15_000, since: 0 },
  failed: { name: 'failed', reason: 'refused', kind: 'auth' },
  closed: { name: 'closed' },
};

const EVENTS: Record<LifeEvent['type'], LifeEvent> = {
  start: { type: 'start' },
  established: { type: 'established', at: 1 },
  lost: { type: 'lost', reason: 'HTTP 404' },
  retry: { type: 'retry', attempt: 2, error: 'ECONNREFUSED' },
  rebuilt: { type: 'rebuilt' },
  reattached: { type: 'reattached', at: 2 },
  spent: { type: 'spent', reason: 'Could not reconnect', retryEveryMs: 15_000, at: 3 },
  'retry-now': { type: 'retry-now' },
  fatal: { type: 'fatal', reason: 'HTTP 401', kind: 'auth' },
  close: { type: 'close' },
};

/** The whole table: phase → event → next phase name ('-' = ignored). */
const TABLE: Record<PhaseName, Partial<Record<LifeEvent['type'], PhaseName>>> = {
  idle: { start: 'connecting', fatal: 'failed', close: 'closed' },
  connecting: { established: 'open', fatal: 'failed', close: 'closed' },
  open: { lost: 'recovering', fatal: 'failed', close: 'closed' },
  recovering: { retry: 'recovering', rebuilt: 'reattaching', spent: 'offline', fatal: 'failed', close: 'closed' },
  reattaching: { reattached: 'open', lost: 'recovering', fatal: 'failed', close: 'closed' },
  offline: { 'retry-now': 'recovering', fatal: 'failed', close: 'closed' },
  failed: { close: 'closed' },
  closed: {},
};

describe('nextPhase', () => {
  for (const [phaseName, phase] of Object.entries(PHASES) as Array<[PhaseName, Phase]>) {
    for (const [eventType, event] of Object.entries(EVENTS) as Array<[LifeEvent['type'], LifeEvent]>) {
      const expected = TABLE[phaseName][eventType];
      it(`${phaseName} + ${eventType} → ${expected ?? 'ignored'}`, () => {
        expect(nextPhase(phase, event)?.name).toBe(expected);
      });
    }
  }

  it('a retry keeps the reason and records the attempt and its error', () => {
    expect(nextPhase(PHASES.recovering, EVENTS.retry)).toEqual({
      name: 'recovering',
      reason: 'HTTP 404',
      attempt: 2,
      lastError: 'ECONNREFUSED',
    });
  });
});

describe('what the app sees', () => {
  it.each([
    ['idle', 'idle'],
    ['connecting', 'connecting'],
    ['open', 'connected'],
    ['recovering', 'recovering'],
    ['reattaching', 'recovering'],
    ['offline', 'offline'],
    ['failed', 'failed'],
    ['closed', 'closed'],
  ] as const)('%s shows as %s', (phase, state) => {
    expect(connectionStateOf(PHASES[phase])).toBe(state);
  });

  it('a recovering phase past its first try shows as reconnecting, with the last error', () => {
    const p = nextPhase(PHASES.recovering, EVENTS.retry)!;
    expect(connectionStateOf(p)).toBe('reconnecting');
    expect(detailOf(p)).toBe('ECONNREFUSED');
  });

  it('offline says how often it retries', () => {
    expect(detailOf(PHASES.offline)).toBe('offline, retrying every 15 s (down)');
  });

  it('only an open connection sends; only failed and closed are terminal', () => {
    expect(
      Object.values(PHASES)
        .filter(sendsNow)
        .map((p) => p.name),
    ).toEqual(['open']);
    expect(
      Object.values(PHASES)
        .filter(isTerminal)
        .map((p) => p.name),
    ).toEqual(['failed', 'closed']);
  });
});

describe('rebuildPlan (the rebuild rate limit)', () => {
  const policy = { baseMs: 250, maxMs: 10_000, maxQuickRebuilds: 8 };
  it('a connection that had been healthy is rebuilt at once', () => {
    expect(rebuildPlan(0, policy, () => 0.5)).toEqual({ delayMs: 0 });
  });
  it('each quick loss in a row waits longer (at least half the growing ceiling), capped', () => {
    const delays = [1, 2, 3, 4, 5, 6].map((n) => rebuildPlan(n, policy, () => 0) as { delayMs: number });
    expect(delays.map((d) => d.delayMs)).toEqual([250, 500, 1000, 2000, 4000, 5000]);
  });
  it('past the limit it goes offline instead of rebuilding again', () => {
    expect(rebuildPlan(9, policy, () => 0.5)).toEqual({ offline: true });
  });
});
