/**
 * The single place where host pushes enter the store: `endpoints:changed` and, in browser
 * mode, the host connection. When the host comes back after a drop, pushes may have been
 * missed, so the store is refreshed.
 */
import type { Bridge } from '../../shared/ipc/contract';
import type { HostStatus } from '../bridge/host-status';
import { hostConnectionChanged } from './app-slice';
import { listReceived } from './endpoints-slice';
import { update } from './app-state';
import type { AppStore } from './store';

/** Subscribes; returns the function that unsubscribes everything. */
export function startIngest(store: AppStore, bridge: Bridge, hostStatus: HostStatus | null = null): () => void {
  const stops = [bridge.onEndpointsChanged((list) => update(store, 'endpoints', (s) => listReceived(s, list)))];
  if (hostStatus) {
    let missedPushes = false;
    const onConnection = (connection: ReturnType<HostStatus['get']>) => {
      update(store, 'app', (s) => hostConnectionChanged(s, connection));
      if (connection.state === 'reconnecting' || connection.state === 'offline') missedPushes = true;
      if (connection.state === 'open' && missedPushes) {
        missedPushes = false;
        void store.commands.refresh();
      }
    };
    onConnection(hostStatus.get());
    stops.push(hostStatus.subscribe(onConnection));
  }
  return () => {
    for (const stop of stops) stop();
  };
}
