/**
 * The Electron side of per-window traffic subscriptions: the event forwarder asks each
 * window's TrafficClient before queueing an event, so `traffic:records` reach only the
 * window holding the subscription while every other event still reaches every window.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HostEvents } from '../../../src/core/host/events';
import { TrafficClient } from '../../../src/core/traffic/traffic-client';
import { forwardEvents, type WebContentsLike } from '../../../src/main/ipc/event-forwarder';
import { ok } from '../../../src/shared/util/result';
import { FakeWebContents } from '../../main/fake-electron';

describe('forwardEvents with per-window traffic subscriptions', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends traffic:records only to the subscribed window', () => {
    const events = new HostEvents();
    const a = new FakeWebContents();
    const b = new FakeWebContents();
    const clients = new Map<WebContentsLike, TrafficClient>([
      [a, new TrafficClient(() => undefined)],
      [b, new TrafficClient(() => undefined)],
    ]);
    clients.get(a)!.observe('traffic:subscribe', { endpointId: 'e' }, ok({ subscriptionId: 's-a', total: 0 }));
    forwardEvents(events, () => [a, b], {
      accepts: (target, channel, payload) => clients.get(target)?.accepts(channel, payload as never) ?? false,
    });
    events.emit('traffic:records', { subscriptionId: 's-a', endpointId: 'e', records: [] });
    events.emit('traffic:records', { subscriptionId: 's-other', endpointId: 'e', records: [] });
    events.emit('endpoints:changed', { endpoints: [], selectedId: null });
    vi.advanceTimersByTime(16);
    expect(a.sent.map(([c, p]) => [c, (p as { subscriptionId?: string }).subscriptionId])).toEqual([
      ['traffic:records', 's-a'],
      ['endpoints:changed', undefined],
    ]);
    expect(b.sent.map(([c]) => c)).toEqual(['endpoints:changed']);
  });
});
