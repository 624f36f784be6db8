import { describe, expect, it, vi } from 'vitest';
import { HostEvents } from '../../src/core/host/events';
import { forwardEvents } from '../../src/main/ipc/event-forwarder';
import { FakeWebContents } from './fake-electron';

const list = (n: number) => ({ endpoints: [], selectedId: `e${n}` });

describe('forwardEvents', () => {
  it('sends each event to every window as it is emitted, in order, with no timer of its own', () => {
    vi.useFakeTimers();
    try {
      const events = new HostEvents();
      const a = new FakeWebContents();
      const b = new FakeWebContents();
      forwardEvents(events, () => [a, b]);
      events.emit('endpoints:changed', list(1));
      events.emit('endpoints:changed', list(2));
      events.emit('endpoints:changed', list(3));
      const expected = [1, 2, 3].map((n) => ['endpoints:changed', list(n)]);
      expect(a.sent).toEqual(expected);
      expect(b.sent).toEqual(expected);
      expect(vi.getTimerCount()).toBe(0); // core batched already: no second queue here
    } finally {
      vi.useRealTimers();
    }
  });

  it('skips destroyed webContents and windows that do not accept the event', () => {
    const events = new HostEvents();
    const live = new FakeWebContents();
    const dying = new FakeWebContents();
    const other = new FakeWebContents();
    forwardEvents(events, () => [live, dying, other], { accepts: (target) => target !== other });
    events.emit('endpoints:changed', list(1));
    dying.destroyed = true;
    events.emit('endpoints:changed', list(2));
    expect(live.sent).toHaveLength(2);
    expect(dying.sent).toHaveLength(1);
    expect(other.sent).toEqual([]);
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
    expect(onSendError).toHaveBeenCalledWith('endpoints:changed', expect.any(Error));
    expect(ok.sent).toHaveLength(1);
  });

  it('stop() unsubscribes', () => {
    const events = new HostEvents();
    const wc = new FakeWebContents();
    const stop = forwardEvents(events, () => [wc]);
    stop();
    events.emit('endpoints:changed', list(2));
    expect(wc.sent).toEqual([]);
  });
});
