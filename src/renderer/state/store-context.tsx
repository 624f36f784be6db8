import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { AppCommands } from './commands';
import type { AppState, AppStore } from './store';

const StoreContext = createContext<AppStore | null>(null);

export function StoreProvider({ store, children }: Readonly<{ store: AppStore; children: ReactNode }>) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useAppStore(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStore() needs a <StoreProvider> above it');
  return store;
}

/** Reads a slice of state; the selector must return stored values, not new objects. */
export function useAppState<T>(selector: (state: AppState) => T): T {
  return useStore(useAppStore(), selector);
}

export function useCommands(): AppCommands {
  return useAppStore().commands;
}
