/**
 * The sandboxed preload: builds `window.acp` mechanically from the contract's channel lists.
 * One method per invoke channel, one `on…` subscription per push event that hands the listener
 * only the payload (never the `IpcRendererEvent`) and returns an unsubscribe function. No
 * generic invoke/send/on, no state, no npm imports (checklist item 20).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  BRIDGE_GLOBAL,
  EVENT_CHANNELS,
  INVOKE_CHANNELS,
  bridgeMemberOf,
  eventMethodName,
  type Bridge,
} from '../shared/ipc/contract';

type Member = (...args: never[]) => unknown;

function buildBridge(): Bridge {
  const api: Record<string, Member | Record<string, Member>> = {};
  for (const channel of INVOKE_CHANNELS) {
    const { group, member } = bridgeMemberOf(channel);
    const methods = (api[group] ??= {}) as Record<string, Member>;
    methods[member] = (payload?: unknown) => ipcRenderer.invoke(channel, payload);
  }
  for (const channel of EVENT_CHANNELS) {
    api[eventMethodName(channel)] = (listener: (payload: unknown) => void) => {
      if (typeof listener !== 'function') throw new TypeError(`${eventMethodName(channel)} needs a function`);
      const wrapper = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(channel, wrapper);
      return () => {
        ipcRenderer.removeListener(channel, wrapper);
      };
    };
  }
  return api as unknown as Bridge;
}

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, buildBridge());
