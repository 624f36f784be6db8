import { describe, expect, it } from 'vitest';
import { watchAfterGap, type GapWatchdogDeps } from '../../../src/core/transport/gap-watchdog';
import type { PendingRequest } from '../../../src/core/transport/pending';
import { ManualTimers } from './manual-timers';

const prompt = (id: number, sentAt: number): PendingRequest => ({
  id,
  method: 'session/prompt',
  params: undefined,
  sessionId: 's',
  generation: 1,
  sentAt,
});

/** A session with prompts waiting; `activity` is when it last spoke, `current` whether the connection holds. */
function session(timers: ManualTimers, waiting: PendingRequest[]) {
  const state = { waiting, activity: 0, current: true };
  const interrupted: Array<[number, string]> = [];
  const d: GapWatchdogDeps = {
    timers,
    stallMs: 30_000,
    stillCurrent: () => state.current,
    waitingPrompts: () => state.waiting,
    lastActivity: () => state.activity,
    interrupt: (p, reason) => {
      interrupted.push([p.id as number, reason]);
      state.waiting = state.waiting.filter((w) => w !== p);
    },
  };
  return { state, interrupted, d };
}

describe('watchAfterGap', () => {
  it('interrupts prompts sent before the gap once the session stays silent for stallMs', () => {
    const timers = new ManualTimers();
    timers.advance(1_000);
    const s = session(timers, [prompt(1, 500), prompt(2, 1_000)]);
    watchAfterGap(s.d);
    timers.advance(29_999);
    expect(s.interrupted).toEqual([]);
    timers.advance(1);
    expect(s.interrupted.map(([id]) => id)).toEqual([1, 2]);
    expect(s.interrupted[0]![1]).toBe(
      'no word from the agent for 30 s after the stream gap; its answer was probably lost',
    );
    expect(timers.pending).toBe(0);
  });

  it('leaves prompts sent after the gap alone', () => {
    const timers = new ManualTimers();
    timers.advance(1_000);
    const s = session(timers, [prompt(1, 900)]);
    watchAfterGap(s.d);
    s.state.waiting.push(prompt(2, 5_000));
    timers.advance(30_000);
    expect(s.interrupted.map(([id]) => id)).toEqual([1]);
  });

  it('activity on the session re-arms the wait from the last message', () => {
    const timers = new ManualTimers();
    const s = session(timers, [prompt(1, 0)]);
    watchAfterGap(s.d);
    timers.advance(20_000);
    s.state.activity = timers.now(); // the agent spoke at 20 s
    timers.advance(10_000); // the first check, at 30 s: quiet for only 10 s
    expect(s.interrupted).toEqual([]);
    expect(timers.pending).toBe(1);
    timers.advance(19_999);
    expect(s.interrupted).toEqual([]);
    timers.advance(1); // 50 s: quiet for 30 s
    expect(s.interrupted.map(([id]) => id)).toEqual([1]);
  });

  it('stops when the prompts were answered in the meantime', () => {
    const timers = new ManualTimers();
    const s = session(timers, [prompt(1, 0)]);
    watchAfterGap(s.d);
    s.state.waiting = [];
    timers.advance(30_000);
    expect(s.interrupted).toEqual([]);
    expect(timers.pending).toBe(0);
  });

  it('does nothing once the connection changed or the transport closed', () => {
    const timers = new ManualTimers();
    const s = session(timers, [prompt(1, 0)]);
    watchAfterGap(s.d);
    s.state.current = false;
    timers.advance(60_000);
    expect(s.interrupted).toEqual([]);
    expect(timers.pending).toBe(0);
  });
});
