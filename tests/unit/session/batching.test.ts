import { describe, expect, it, vi } from 'vitest';
import { Batcher } from '../../../src/core/session/batcher';
import { OrderedInbox } from '../../../src/core/session/ordered-inbox';
import type { SessionEventBatch } from '../../../src/shared/domain/history';
import type { SessionEventEnvelope } from '../../../src/shared/domain/session';
import { initialSessionState } from '../../../src/shared/session/reducer';
import { batchesReceived, initialSessions, snapshotReceived } from '../../../src/renderer/state/sessions-slice';

const timers = {
  setTimeout: (f: () => void, ms: number) => setTimeout(f, ms),
  clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout),
};

describe('event batching to windows', () => {
  it('pushes at most one batch per 16 ms, in order per session', () => {
    vi.useFakeTimers();
    const flushed: Array<ReadonlyMap<string, number[]>> = [];
    const b = new Batcher<number>((m) => flushed.push(new Map(m)), timers, 16);
    for (let i = 0; i < 1000; i++) b.push(i % 2 ? 'a' : 'b', i);
    expect(flushed).toHaveLength(0);
    vi.advanceTimersByTime(16);
    expect(flushed).toHaveLength(1);
    expect(flushed[0]!.get('a')).toHaveLength(500);
    expect(flushed[0]!.get('a')!.slice(0, 3)).toEqual([1, 3, 5]);
    vi.advanceTimersByTime(100);
    expect(flushed).toHaveLength(1);
    vi.useRealTimers();
  });
});

describe('ordered inbox', () => {
  it('releases SDK-filled items in arrival order, and a slot the SDK never fills as dropped after a grace period', () => {
    vi.useFakeTimers();
    const out: string[] = [];
    const inbox = new OrderedInbox<string>(
      (x) => out.push(x),
      (raw) => out.push(`dropped:${String(raw)}`),
      timers,
      50,
    );
    const a = inbox.expect('raw-a');
    const b = inbox.expect('raw-b');
    inbox.push('transport-event');
    inbox.fill(b, 'b');
    expect(out).toEqual([]);
    inbox.fill(a, 'a');
    expect(out).toEqual(['a', 'b', 'transport-event']);
    inbox.expect('raw-invalid');
    inbox.push('after');
    vi.advanceTimersByTime(60);
    expect(out.slice(3)).toEqual(['dropped:raw-invalid', 'after']);
    vi.useRealTimers();
  });
});

describe('renderer gap detection', () => {
  const env = (seq: number): SessionEventEnvelope => ({
    sessionId: 's',
    seq,
    at: seq,
    event: { type: 'error', message: `e${seq}` },
  });
  it('applies contiguous batches and asks for a snapshot when a batch skips seqs', () => {
    const opened = snapshotReceived(initialSessions, { state: initialSessionState('s'), lastSeq: 0 });
    const ok = batchesReceived(opened, [{ sessionId: 's', events: [env(1), env(2)] } satisfies SessionEventBatch]);
    expect(ok.resync).toEqual([]);
    expect(ok.slice.byId.s!.lastSeq).toBe(2);
    const gap = batchesReceived(ok.slice, [{ sessionId: 's', events: [env(5)] }]);
    expect(gap.resync).toEqual(['s']);
    expect(gap.slice.byId.s!.lastSeq).toBe(2);
    expect(gap.slice.needsResync.s).toBe(true);
    // Batches for sessions this window does not show are ignored.
    expect(batchesReceived(ok.slice, [{ sessionId: 'other', events: [env(1)] }]).slice).toBe(ok.slice);
  });
});
