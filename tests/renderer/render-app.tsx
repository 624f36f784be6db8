import { render } from '@testing-library/react';
import { App } from '../../src/renderer/App';
import { createFakeBridge, type FakeBridgeOptions } from '../../src/renderer/bridge/fake-bridge';
import type { HostStatus } from '../../src/renderer/bridge/host-status';
import { createAppStore } from '../../src/renderer/state/store';

/** Renders the whole app against a fresh fake bridge and a fresh store. */
export function renderApp(options: FakeBridgeOptions = {}, hostStatus: HostStatus | null = null) {
  const bridge = createFakeBridge(options);
  const store = createAppStore(bridge, { hostStatus });
  const view = render(<App bridge={bridge} store={store} hostStatus={hostStatus} />);
  return { bridge, store, ...view };
}

/** A promise and the functions that settle it, for scripting a slow host. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
