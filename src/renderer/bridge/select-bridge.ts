/**
 * Picks this window's bridge. The only module that reads `window.acp`:
 * - Electron: the preload exposed the contract as `window.acp`;
 * - browser mode (`acp-desk web`): the page URL carries `?token=…` for the host's WebSocket;
 * - anything else (the bundle opened directly): no bridge, and the app says how to open it.
 */
import { BRIDGE_GLOBAL, type Bridge } from '../../shared/ipc/contract';
import type { HostStatus } from './host-status';
import { createWebSocketBridge, type WebSocketBridgeOptions } from './ws-bridge';

export type BridgeSelection =
  | { readonly kind: 'electron'; readonly bridge: Bridge; readonly hostStatus: null }
  | { readonly kind: 'web'; readonly bridge: Bridge; readonly hostStatus: HostStatus }
  | { readonly kind: 'none' };

export interface BridgeScope {
  readonly location: Pick<Location, 'protocol' | 'host' | 'search'>;
  readonly [BRIDGE_GLOBAL]?: unknown;
}

export function selectBridge(scope: BridgeScope = window, options?: WebSocketBridgeOptions): BridgeSelection {
  const exposed = scope[BRIDGE_GLOBAL];
  if (typeof exposed === 'object' && exposed !== null) {
    return { kind: 'electron', bridge: exposed as Bridge, hostStatus: null };
  }
  const token = new URLSearchParams(scope.location.search).get('token');
  if (token) {
    const { bridge, hostStatus } = createWebSocketBridge(scope.location, token, options);
    return { kind: 'web', bridge, hostStatus };
  }
  return { kind: 'none' };
}
