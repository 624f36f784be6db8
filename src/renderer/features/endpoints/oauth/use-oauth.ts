import { useStore } from 'zustand';
import type { OAuthStatusView } from '../../../../shared/domain/endpoint-auth';
import { useBridge } from '../../../bridge/bridge-context';
import { oauthStoreOf, type OAuthStore } from '../../../state/oauth-store';
import { useHost } from '../../../state/selectors';

/** In browser mode a sign-in page opens in a new tab; Electron's main opens the system browser. */
function openTab(url: string): void {
  window.open(url, '_blank', 'noopener,noreferrer');
}

/** The host each bridge's window runs in, as last rendered (the store reads it when a prompt comes). */
const hosts = new WeakMap<object, { host: string | undefined }>();

/** This window's OAuth store (one per bridge). */
export function useOAuthStore(): OAuthStore {
  const bridge = useBridge();
  const host = useHost();
  let seen = hosts.get(bridge);
  if (!seen) hosts.set(bridge, (seen = { host }));
  seen.host = host;
  const ref = seen;
  return oauthStoreOf(bridge, () => ({ openTab: ref.host === 'web' ? openTab : undefined }));
}

export function useOAuthStatus(endpointId: string): {
  status: OAuthStatusView | undefined;
  busy: 'signing-in' | 'signing-out' | undefined;
  error: string | undefined;
  store: OAuthStore;
} {
  const store = useOAuthStore();
  const status = useStore(store, (s) => s.byId[endpointId]);
  const busy = useStore(store, (s) => s.busy[endpointId]);
  const error = useStore(store, (s) => s.errors[endpointId]);
  return { status, busy, error, store };
}
