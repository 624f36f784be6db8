import { describe, expect, it } from 'vitest';
import { dispatchInvoke, type InvokeHandlers } from '../../src/core/host/dispatch';
import { createFakeBridge } from '../../src/renderer/bridge/fake-bridge';
import { bridgeMemberOf, type InvokeChannel } from '../../src/shared/ipc/contract';
import type { IpcResult } from '../../src/shared/util/result';

/** What a real host answers: handlers that must never run, behind the shared dispatch pipeline. */
const neverCalled = new Proxy({} as InvokeHandlers, {
  get: () => () => {
    throw new Error('a handler ran for an invalid payload');
  },
});
const realHost = (channel: string, payload: unknown) => dispatchInvoke(neverCalled, channel, payload);

/** Calls a channel through the bridge's own member (`bridge.endpoints.remove(payload)`). */
function invoke(bridge: object, channel: InvokeChannel, payload: unknown): Promise<IpcResult<unknown>> {
  const { group, member } = bridgeMemberOf(channel);
  const members = (bridge as Record<string, Record<string, (p: unknown) => Promise<IpcResult<unknown>>>>)[group]!;
  return members[member]!(payload);
}

describe('fake bridge payload validation', () => {
  const invalid: Array<[InvokeChannel, unknown]> = [
    ['endpoints:remove', { id: '' }],
    ['endpoints:select', {}],
    ['endpoints:save', { draft: { name: 'x', url: 'ftp://nope' } }],
    ['sessions:prompt', { sessionId: 's', prompt: 'not blocks' }],
    ['sessions:cancel', { sessionId: 's', extra: true }],
    ['sessions:search', { query: 'x', limit: 0 }],
    ['app:info', { unexpected: 1 }],
  ];

  it.each(invalid)(
    '%s with an invalid payload gets the real hosts’ invalid_request error',
    async (channel, payload) => {
      let ran = false;
      const bridge = createFakeBridge({
        handlers: {
          [channel]: () => {
            ran = true;
            return { ok: true, value: undefined };
          },
        },
      });
      const got = await invoke(bridge, channel, payload);
      expect(got).toEqual(await realHost(channel, payload));
      expect(got).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
      expect(ran).toBe(false);
      expect(bridge.fake.callsTo(channel)).toEqual([payload]); // the call is still recorded
    },
  );

  it('a valid payload reaches the handler as the schema parsed it', async () => {
    const seen: unknown[] = [];
    const bridge = createFakeBridge({
      handlers: {
        'sessions:search': (request) => {
          seen.push(request);
          return { ok: true, value: { hits: [], truncated: false } as never };
        },
      },
    });
    await expect(invoke(bridge, 'sessions:search', { query: 'parser' })).resolves.toMatchObject({ ok: true });
    expect(seen).toEqual([{ query: 'parser' }]);
  });

  it('the default handlers validate too', async () => {
    const bridge = createFakeBridge();
    const before = bridge.fake.list();
    const got = await invoke(bridge, 'endpoints:remove', { id: 42 });
    expect(got).toEqual(await realHost('endpoints:remove', { id: 42 }));
    expect(bridge.fake.list()).toBe(before);
  });
});
