import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HostEvents, type HostEventListener } from '../../src/core/host/events';
import { forwardEvents } from '../../src/main/ipc/event-forwarder';
import type { EventChannel } from '../../src/shared/ipc/contract';
import { FakeWebContents } from './fake-electron';

const list = (n: number) => ({ endpoints: [], selectedId: `e${n}` });
// A future delta channel (e.g. traffic entries); the forwarder is generic over channels.
const DELTA = 'traffic:event' as EventChannel;

/** An event source that accepts any channel/payload, for channels the contract does not have yet. */
function manualSource() {
  let listener: HostEventListener | null = null;
  return {
    subscribe(l: HostEventListener) {
      listener = l;
      return () => (listener = null);
    },
    push(channel: EventChannel, payload: unknown) {
      listener?.(channel, payload as never);
    },
  };
}

describe('forwardEvents', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('queues per window and flushes in emission order once per 16 ms', () => {
    const events = new HostEvents();
    const a = new FakeWebContents();
    const b = new FakeWebContents();
    forwardEvents(events, () => [a, b]);
    events.emit('endpoints:changed', list(1));
    events.emit('endpoints:changed', list(2));
    events.emit('endpoints:changed', list(3));
    expect(a.sent).toEqual([]);
    vi.advanceTimersByTime(15);
    expect(a.sent).toEqual([]);
    vi.advanceTimersByTime(1);
    const expected = [1, 2, 3].map((n) => ['endpoints:changed', list(n)]);
    expect(a.sent).toEqual(expected);
    expect(b.sent).toEqual(expected);
    expect(vi.getTimerCount()).toBe(0); // idle: no timer left running
  });

  it('concatenates consecutive array payloads of append channels without reordering', () => {
    const events = manualSource();
    const wc = new FakeWebContents();
    forwardEvents(events, () => [wc], { appendChannels: [DELTA] });
    const first = [1, 2];
    events.push(DELTA, first);
    events.push(DELTA, [3]);
    events.push('endpoints:changed', list(9));
    events.push(DELTA, [4]);
    vi.advanceTimersByTime(16);
    expect(wc.sent).toEqual([
      [DELTA, [1, 2, 3]],
      ['endpoints:changed', list(9)],
      [DELTA, [4]],
    ]);
    expect(first).toEqual([1, 2]); // emitted arrays are never mutated (they are shared by windows)
  });

  it('never concatenates channels that are not declared as append channels', () => {
    const events = manualSource();
    const wc = new FakeWebContents();
    forwardEvents(events, () => [wc]);
    events.push(DELTA, [1]);
    events.push(DELTA, [2]);
    vi.advanceTimersByTime(16);
    expect(wc.sent).toEqual([
      [DELTA, [1]],
      [DELTA, [2]],
    ]);
  });

  it('stops sending to destroyed webContents, including queued payloads', () => {
    const events = new HostEvents();
    const live = new FakeWebContents();
    const dying = new FakeWebContents();
    const targets = [live, dying];
    forwardEvents(events, () => targets);
    events.emit('endpoints:changed', list(1));
    dying.destroyed = true; // closed between emit and flush
    vi.advanceTimersByTime(16);
    events.emit('endpoints:changed', list(2));
    vi.advanceTimersByTime(16);
    expect(live.sent).toHaveLength(2);
    expect(dying.sent).toEqual([]);
  });

  it('reports a failing send and keeps delivering to the other windows', () => {
    const events = new HostEvents();
    const broken = new FakeWebContents();
    broken.send = () => {
      throw new Error('could not clone');
    };
    const ok = new FakeWebContents();
    const onSendError = vi.fn();
    forwardEvents(events, () => [broken, ok], { onSendError });
    events.emit('endpoints:changed', list(1));
    vi.advanceTimersByTime(16);
    expect(onSendError).toHaveBeenCalledWith('endpoints:changed', expect.any(Error));
    expect(ok.sent).toHaveLength(1);
  });

  it('stop() unsubscribes and discards pending payloads', () => {
    const events = new HostEvents();
    const wc = new FakeWebContents();
    const stop = forwardEvents(events, () => [wc]);
    events.emit('endpoints:changed', list(1));
    stop();
    vi.advanceTimersByTime(100);
    events.emit('endpoints:changed', list(2));
    vi.advanceTimersByTime(100);
    expect(wc.sent).toEqual([]);
  });
});
