import { useEffect, useState } from 'react';
import type { Bridge } from '../shared/ipc/contract';
import { BridgeProvider } from './bridge/bridge-context';
import type { HostStatus } from './bridge/host-status';
import { AppShell } from './features/app-shell/AppShell';
import { startAttention } from './state/attention-report';
import { startIngest } from './state/ingest';
import { rememberOpenSession, restoreOpenSession } from './state/last-session';
import { createAppStore, type AppStore } from './state/store';
import { StoreProvider } from './state/store-context';

type AppProps = Readonly<{
  bridge: Bridge;
  /** Browser mode's host connection; null in Electron. */
  hostStatus?: HostStatus | null;
  /** A store made by the caller (tests); otherwise the app makes its own. */
  store?: AppStore;
}>;

/** Wires bridge → store (ingest + first load) and renders the shell. */
export function App({ bridge, hostStatus = null, store }: AppProps) {
  const [appStore] = useState(() => store ?? createAppStore(bridge, { hostStatus }));
  useEffect(() => {
    const stop = startIngest(appStore, bridge, hostStatus);
    const stopAttention = startAttention(appStore, bridge);
    const remembered = rememberOpenSession(appStore);
    void appStore.commands.refresh();
    void appStore.sessions
      .loadSessions()
      .then(() => restoreOpenSession(appStore, remembered.previous, (id) => appStore.sessions.openSession(id)));
    return () => {
      remembered.stop();
      stopAttention();
      stop();
    };
  }, [appStore, bridge, hostStatus]);
  return (
    <BridgeProvider bridge={bridge}>
      <StoreProvider store={appStore}>
        <AppShell />
      </StoreProvider>
    </BridgeProvider>
  );
}
