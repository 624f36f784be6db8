import { createContext, useContext, type ReactNode } from 'react';
import type { Bridge } from '../../shared/ipc/contract';

const BridgeContext = createContext<Bridge | null>(null);

export function BridgeProvider({ bridge, children }: Readonly<{ bridge: Bridge; children: ReactNode }>) {
  return <BridgeContext.Provider value={bridge}>{children}</BridgeContext.Provider>;
}

/** The bridge for this window. Only the store's commands and ingest should need it. */
export function useBridge(): Bridge {
  const bridge = useContext(BridgeContext);
  if (!bridge) throw new Error('useBridge() needs a <BridgeProvider> above it');
  return bridge;
}
