import { describe, expect, it, vi } from 'vitest';
import {
  BRIDGE_GLOBAL,
  EVENT_CHANNELS,
  INVOKE_CHANNELS,
  bridgeMemberOf,
  eventMethodName,
} from '../../src/shared/ipc/contract';
import { fake } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron());

await import('../../src/preload/index');

type Api = Record<string, unknown>;
const api = (): Api => fake.exposed.get(BRIDGE_GLOBAL) as Api;

describe('preload bridge', () => {
  it('exposes exactly one global, acp', () => {
    expect([...fake.exposed.keys()]).toEqual(['acp']);
  });

  it('has one member per contract channel and nothing generic', () => {
    const groups = [...new Set(INVOKE_CHANNELS.map((c) => bridgeMemberOf(c).group))];
    const events = EVENT_CHANNELS.map((c) => eventMethodName(c));
    expect(Object.keys(api()).sort()).toEqual([...groups, ...events].sort());
    for (const group of groups) {
      const members = INVOKE_CHANNELS.filter((c) => bridgeMemberOf(c).group === group).map(
        (c) => bridgeMemberOf(c).member,
      );
      expect(Object.keys(api()[group] as Api).sort()).toEqual(members.sort());
    }
    for (const generic of ['invoke', 'send', 'on', 'off', 'ipcRenderer']) expect(api()).not.toHaveProperty(generic);
  });

  it('maps each invoke member to ipcRenderer.invoke on its own channel', async () => {
    for (const channel of INVOKE_CHANNELS) {
      const { group, member } = bridgeMemberOf(channel);
      const fn = (api()[group] as Record<string, (p?: unknown) => Promise<unknown>>)[member];
      await fn?.({ probe: channel });
      expect(fake.ipcRenderer.invoke).toHaveBeenLastCalledWith(channel, { probe: channel });
    }
  });

  it('passes only the payload to subscribers and unsubscribes', () => {
    const subscribe = api()['onEndpointsChanged'] as (l: (...args: unknown[]) => void) => () => void;
    const listener = vi.fn();
    const unsubscribe = subscribe(listener);
    const payload = { endpoints: [], selectedId: null };
    fake.ipcRenderer.emitter.emit('endpoints:changed', { sender: 'IpcRendererEvent' }, payload);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]).toEqual([payload]);

    unsubscribe();
    fake.ipcRenderer.emitter.emit('endpoints:changed', {}, payload);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(fake.ipcRenderer.emitter.listenerCount('endpoints:changed')).toBe(0);
  });

  it('refuses a non-function listener', () => {
    const subscribe = api()['onEndpointsChanged'] as (l: unknown) => () => void;
    expect(() => subscribe('endpoints:changed')).toThrow(TypeError);
  });
});
