/**
 * Builds a `Bridge` mechanically from the contract's channel lists, so every implementation
 * (browser-mode WebSocket, fake) exposes exactly the contract's members and nothing else.
 */
import {
  EVENT_CHANNELS,
  INVOKE_CHANNELS,
  bridgeMemberOf,
  eventMethodName,
  type Bridge,
  type EventChannel,
  type EventContract,
  type InvokeChannel,
} from '../../shared/ipc/contract';
import type { IpcResult } from '../../shared/util/result';

export type InvokeImpl = (channel: InvokeChannel, payload: unknown) => Promise<IpcResult<unknown>>;
export type SubscribeImpl = (channel: EventChannel, listener: (payload: never) => void) => () => void;

export function buildBridge(invoke: InvokeImpl, subscribe: SubscribeImpl): Bridge {
  const api: Record<string, unknown> = {};
  for (const channel of INVOKE_CHANNELS) {
    const { group, member } = bridgeMemberOf(channel);
    const members = (api[group] ??= {}) as Record<string, unknown>;
    members[member] = (payload?: unknown) => invoke(channel, payload);
  }
  for (const channel of EVENT_CHANNELS) {
    api[eventMethodName(channel)] = (listener: (payload: never) => void) => subscribe(channel, listener);
  }
  for (const value of Object.values(api)) Object.freeze(value);
  return Object.freeze(api) as Bridge;
}

type Listener = (payload: never) => void;

/** Push-event listeners per channel. A throwing listener never stops delivery to the others. */
export class EventHub {
  readonly #listeners = new Map<EventChannel, Set<Listener>>();

  readonly subscribe = (channel: EventChannel, listener: Listener): (() => void) => {
    let set = this.#listeners.get(channel);
    if (!set) this.#listeners.set(channel, (set = new Set()));
    const entry: Listener = (payload) => listener(payload);
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  };

  emit<C extends EventChannel>(channel: C, payload: EventContract[C]): void {
    for (const listener of [...(this.#listeners.get(channel) ?? [])]) {
      try {
        (listener as (p: EventContract[C]) => void)(payload);
      } catch (e) {
        console.error(`listener for ${channel} failed`, e);
      }
    }
  }

  count(channel: EventChannel): number {
    return this.#listeners.get(channel)?.size ?? 0;
  }
}
