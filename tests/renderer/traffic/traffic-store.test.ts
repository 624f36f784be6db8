import { waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createFakeBridge } from '../../../src/renderer/bridge/fake-bridge';
import { createTrafficStore, hasOlder, LIVE_CAP, mergeEntries } from '../../../src/renderer/state/traffic-store';
import type { TrafficEntry } from '../../../src/shared/ipc/contract';
import { err, ok } from '../../../src/shared/util/result';
import { Recorder, req } from '../../unit/traffic/records';
import { deferred } from '../render-app';

const endpointIds = () => ['demo', 'staging'];

describe('traffic store', () => {
  it('releases a subscription answered after the panel closed (a quick open/close, as in StrictMode)', async () => {
    const answer = deferred<void>();
    let n = 0;
    const bridge = createFakeBridge({
      handlers: {
        'traffic:subscribe': async () => {
          await answer.promise;
          return ok({ subscriptionId: `late-${++n}`, total: 0 });
        },
        'traffic:unsubscribe': () => ok(null),
      },
    });
    const store = createTrafficStore(bridge, { endpointIds });
    // Closed before it even asked: it never subscribes.
    const first = store.commands.open('demo');
    await store.commands.close();
    await first;
    expect(bridge.fake.callsTo('traffic:subscribe')).toEqual([]);
    // Closed while the host is answering: the late subscription is released.
    const second = store.commands.open('demo');
    await waitFor(() => expect(bridge.fake.callsTo('traffic:subscribe')).toHaveLength(1));
    await store.commands.close();
    answer.resolve();
    await second;
    expect(bridge.fake.callsTo('traffic:unsubscribe')).toEqual([{ subscriptionId: 'late-1' }]);
    expect(store.getState().subscriptionId).toBeNull();
    expect(bridge.fake.listenerCount('traffic:records')).toBe(0);
  });

  it('is loading from open until its first window answers: it never claims 0 rows it has not asked for', async () => {
    const subscribed = deferred<void>();
    const bridge = createFakeBridge({
      handlers: {
        'traffic:subscribe': async () => {
          await subscribed.promise;
          return ok({ subscriptionId: 'sub-1', total: 1 });
        },
        'traffic:unsubscribe': () => ok(null),
      },
    });
    bridge.fake.traffic.push('demo', [new Recorder().out(req(1, 'session/list'))]);
    const store = createTrafficStore(bridge, { endpointIds });
    const opening = store.commands.open('demo');
    await waitFor(() => expect(bridge.fake.callsTo('traffic:subscribe')).toHaveLength(1));
    expect(store.getState()).toMatchObject({ loading: true, entries: [] });
    subscribed.resolve();
    await opening;
    expect(store.getState().loading).toBe(false);
    expect(store.getState().entries).toHaveLength(1);
    await store.commands.close();
  });

  it('stops loading and says why when the subscription is refused', async () => {
    const bridge = createFakeBridge({
      handlers: { 'traffic:subscribe': () => err('unavailable', 'The traffic log is not running.') },
    });
    const store = createTrafficStore(bridge, { endpointIds });
    await store.commands.open('demo');
    expect(store.getState()).toMatchObject({ loading: false, error: 'The traffic log is not running.' });
  });

  it('keeps the newest window, and fetches older windows on request', async () => {
    const bridge = createFakeBridge();
    const rec = new Recorder();
    const records = Array.from({ length: LIVE_CAP + 1500 }, (_, i) => rec.out(req(i + 1, 'session/list')));
    bridge.fake.traffic.push('demo', records);
    const store = createTrafficStore(bridge, { endpointIds });
    await store.commands.open('demo');
    expect(store.getState().entries).toHaveLength(LIVE_CAP);
    expect(store.getState().entries[0]!.logSeq).toBe(1501);
    expect(hasOlder(store.getState())).toBe(true);
    await store.commands.loadOlder();
    expect(store.getState().entries).toHaveLength(LIVE_CAP + 1000);
    expect(store.getState().entries[0]!.logSeq).toBe(501);
    await store.commands.loadOlder();
    expect(store.getState().entries[0]!.logSeq).toBe(1);
    expect(hasOlder(store.getState())).toBe(false);
    // The live tail still appends, within the raised cap (the oldest goes).
    bridge.fake.traffic.push('demo', [rec.out(req(1, 'session/new'))]);
    expect(store.getState().entries).toHaveLength(LIVE_CAP + 1500);
    expect(store.getState().entries[0]!.logSeq).toBe(2);
    await store.commands.close();
  });

  it('re-runs an active query in the core when live records arrive, not in the renderer', async () => {
    const bridge = createFakeBridge();
    const rec = new Recorder();
    const store = createTrafficStore(bridge, { endpointIds });
    await store.commands.open('demo');
    await store.commands.runQuery('method:session/new');
    const before = bridge.fake.callsTo('traffic:window').length;
    bridge.fake.traffic.push('demo', [rec.out(req(1, 'session/list')), rec.out(req(2, 'session/new'))]);
    await new Promise<void>((r) => queueMicrotask(r));
    await Promise.resolve();
    await store.commands.runQuery('method:session/new');
    expect(bridge.fake.callsTo('traffic:window').length).toBeGreaterThan(before);
    expect(store.getState().entries.map((e) => e.logSeq)).toEqual([2]);
    await store.commands.close();
  });

  it('merges windows of several endpoints by time, without duplicates', () => {
    const a = new Recorder(1000);
    const b = new Recorder(1005);
    const e = (endpointId: string, logSeq: number, r: ReturnType<Recorder['out']>): TrafficEntry => ({
      endpointId,
      logSeq,
      record: r,
    });
    const x1 = e('demo', 1, a.out(req(1, 'initialize')));
    const y1 = e('staging', 1, b.out(req(1, 'initialize')));
    const x2 = e('demo', 2, a.out(req(2, 'session/new'), 10));
    expect(mergeEntries([x1, x2], [y1, x2])).toEqual([x1, y1, x2]);
  });
});
