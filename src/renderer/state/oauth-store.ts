/**
 * OAuth sign-in as the windows see it (issue 15): one small store per bridge with every OAuth
 * endpoint's status (pushed by `endpoints:oauthChanged`, loaded once with
 * `endpoints:oauthStatus`), and the sign-in and sign-out commands. A browser prompt of a
 * sign-in this window started is opened in a new tab where the host cannot open a browser
 * itself (browser mode; Electron opens the system browser in main). Never holds a token.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { OAuthFlow, OAuthStatusView } from '../../shared/domain/endpoint-auth';
import type { Bridge } from '../../shared/ipc/contract';
import { describeError } from './error-text';
import { settle } from './settle';

export interface OAuthState {
  readonly byId: Readonly<Record<string, OAuthStatusView>>;
  /** What this window is doing to an endpoint's sign-in. */
  readonly busy: Readonly<Record<string, 'signing-in' | 'signing-out'>>;
  /** The last failed sign-in or sign-out of an endpoint, as a sentence. */
  readonly errors: Readonly<Record<string, string>>;
}

export interface OAuthStore extends StoreApi<OAuthState> {
  signIn(endpointId: string, flow?: OAuthFlow): Promise<OAuthStatusView | null>;
  signOut(endpointId: string): Promise<void>;
  cancel(endpointId: string): Promise<void>;
  refresh(): Promise<void>;
}

export interface OAuthStoreOptions {
  /** Opens a sign-in page in a new tab (browser mode); absent where the host opens it (Electron). */
  readonly openTab?: ((url: string) => void) | undefined;
}

const stores = new WeakMap<Bridge, OAuthStore>();

/** The store of this bridge, created (and subscribed) on first use. */
export function oauthStoreOf(bridge: Bridge, options: () => OAuthStoreOptions = () => ({})): OAuthStore {
  let store = stores.get(bridge);
  if (!store) {
    store = createOAuthStore(bridge, options);
    stores.set(bridge, store);
  }
  return store;
}

export function createOAuthStore(bridge: Bridge, options: () => OAuthStoreOptions = () => ({})): OAuthStore {
  const store = createStore<OAuthState>()(() => ({ byId: {}, busy: {}, errors: {} }));
  /** Endpoints this window is signing in, and the prompt URL it already opened for each. */
  const mine = new Map<string, string | null>();
  const put = (s: OAuthStatusView) => {
    store.setState((st) => ({ byId: { ...st.byId, [s.endpointId]: s } }));
    if (s.prompt?.kind === 'browser' && mine.has(s.endpointId) && mine.get(s.endpointId) !== s.prompt.url) {
      mine.set(s.endpointId, s.prompt.url);
      options().openTab?.(s.prompt.url);
    }
  };
  const setBusy = (id: string, busy: 'signing-in' | 'signing-out' | null, error?: string) =>
    store.setState((st) => {
      const { [id]: _b, ...restBusy } = st.busy;
      const { [id]: _e, ...restErrors } = st.errors;
      return {
        busy: busy ? { ...restBusy, [id]: busy } : restBusy,
        errors: error ? { ...restErrors, [id]: error } : restErrors,
      };
    });
  bridge.onEndpointsOauthChanged(put);
  const refresh = async () => {
    const r = await settle(() => bridge.endpoints.oauthStatus());
    if (r.ok) store.setState({ byId: Object.fromEntries(r.value.map((s) => [s.endpointId, s])) });
  };
  void refresh();
  return Object.assign(store, {
    refresh,
    async signIn(endpointId: string, flow?: OAuthFlow) {
      mine.set(endpointId, null);
      setBusy(endpointId, 'signing-in');
      const r = await settle(() => bridge.endpoints.signIn(flow ? { id: endpointId, flow } : { id: endpointId }));
      mine.delete(endpointId);
      if (!r.ok) {
        const cancelled = r.error.code === 'conflict';
        setBusy(endpointId, null, cancelled ? undefined : describeError(r.error, 'endpoint').message);
        return null;
      }
      setBusy(endpointId, null);
      put(r.value);
      return r.value;
    },
    async signOut(endpointId: string) {
      setBusy(endpointId, 'signing-out');
      const r = await settle(() => bridge.endpoints.signOut({ id: endpointId }));
      setBusy(endpointId, null, r.ok ? undefined : describeError(r.error, 'endpoint').message);
      if (r.ok) put(r.value);
    },
    async cancel(endpointId: string) {
      await settle(() => bridge.endpoints.cancelSignIn({ id: endpointId }));
    },
  });
}
