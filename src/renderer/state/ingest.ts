/**
 * The single place where host pushes enter the store: `endpoints:changed` and, in browser
 * mode, the host connection. When the host comes back after a drop, pushes may have been
 * missed, so the store is refreshed.
 */
import type { Bridge } from '../../shared/ipc/contract';
import type { HostStatus } from '../bridge/host-status';
import { hostConnectionChanged } from './app-slice';
import { diagnoseProgressed, listReceived } from './endpoints-slice';
import { update } from './app-state';
import { batchesReceived, statusReceived, summariesReceived } from './sessions-slice';
import type { AppStore } from './store';
import type { SessionEventBatch } from '../../shared/domain/history';

/** Runs a callback before the next paint (requestAnimationFrame), or soon in non-DOM tests. */
export type FrameScheduler = (run: () => void) => void;

const nextFrame: FrameScheduler = (run) =>
  typeof requestAnimationFrame === 'function' ? void requestAnimationFrame(() => run()) : void setTimeout(run, 16);

/**
 * Streamed session events are applied at most once per animation frame, however fast they
 * arrive: the batches of one frame fold in a single store update (one render).
 */
function sessionEventsIngest(store: AppStore, schedule: FrameScheduler): (batches: SessionEventBatch[]) => void {
  let queued: SessionEventBatch[] = [];
  const flush = () => {
    const batches = queued;
    queued = [];
    let resync: string[] = [];
    store.setState((state) => {
      const r = batchesReceived(state.sessions, batches);
      resync = r.resync;
      return r.slice === state.sessions ? state : { sessions: r.slice };
    });
    for (const id of resync) void store.sessions.resync(id);
  };
  return (batches) => {
    if (queued.length === 0) schedule(flush);
    queued.push(...batches);
  };
}

/** Subscribes; returns the function that unsubscribes everything. */
export function startIngest(
  store: AppStore,
  bridge: Bridge,
  hostStatus: HostStatus | null = null,
  schedule: FrameScheduler = nextFrame,
): () => void {
  const stops = [
    bridge.onEndpointsChanged((list) => update(store, 'endpoints', (s) => listReceived(s, list))),
    bridge.onSessionsEvents(sessionEventsIngest(store, schedule)),
    bridge.onSessionsChanged((list) => update(store, 'sessions', (s) => summariesReceived(s, list))),
    bridge.onEndpointsStatusChanged((status) => update(store, 'sessions', (s) => statusReceived(s, status))),
    bridge.onEndpointsDiagnoseProgress((p) => update(store, 'endpoints', (s) => diagnoseProgressed(s, p))),
    // Electron: the person clicked the notification about this session.
    bridge.onAppOpenSession(({ sessionId }) => void store.sessions.openSession(sessionId)),
  ];
  if (hostStatus) {
    let missedPushes = false;
    const onConnection = (connection: ReturnType<HostStatus['get']>) => {
      update(store, 'app', (s) => hostConnectionChanged(s, connection));
      if (connection.state === 'reconnecting' || connection.state === 'offline') missedPushes = true;
      if (connection.state === 'open' && missedPushes) {
        missedPushes = false;
        void store.commands.refresh();
        void store.sessions.loadSessions();
        // Pushes were missed while the host was away: refetch the sessions on screen.
        for (const id of Object.keys(store.getState().sessions.byId)) void store.sessions.resync(id);
      }
    };
    onConnection(hostStatus.get());
    stops.push(hostStatus.subscribe(onConnection));
  }
  return () => {
    for (const stop of stops) stop();
  };
}
