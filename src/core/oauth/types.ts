/**
 * OAuth sign-in for an endpoint (issue 15): what the rest of the app sees of it. The
 * implementation (discovery, registration, code + PKCE, device grant, refresh, revocation)
 * lives beside this file; the engine, the CLI and the hosts use only these shapes.
 */
import type { OAuthPromptView } from '../../shared/domain/endpoint-auth';
import type { TransportAuth } from '../transport/transport-options';

/** How an endpoint signs in; stored with the endpoint (the client secret, if any, sealed). */
export interface OAuthConfig {
  /** A pre-registered client; without it, dynamic registration (RFC 7591) is used. */
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly scopes?: readonly string[];
  /** Overrides the authorization server found through RFC 9728 discovery. */
  readonly authorizationServer?: string;
  /** `auto`: code + PKCE where a browser can be opened, the device grant otherwise. */
  readonly flow?: 'auto' | 'code' | 'device';
}

/** What the user is shown: "signed in as …, expires …". Never carries a token. */
export interface OAuthStatus {
  readonly signedIn: boolean;
  /** The account, from the ID token's claims (email, preferred_username, name or sub) when there is one. */
  readonly account?: string;
  /** Epoch ms when the access token expires. */
  readonly expiresAt?: number;
  readonly issuer?: string;
  readonly scopes?: readonly string[];
}

/** What a sign-in asks the user to do: the same shape every window is shown (shared/domain/endpoint-auth). */
export type SignInPrompt = OAuthPromptView;

export interface SignInOptions {
  /** Shows the prompt: opens the system browser (Electron), a new tab (browser mode), or prints it (CLI). */
  readonly present: (prompt: SignInPrompt) => void | Promise<void>;
  readonly flow?: 'auto' | 'code' | 'device';
  readonly signal?: AbortSignal;
  /** The 401's `WWW-Authenticate`, when the sign-in was started by one (RFC 9728 `resource_metadata`). */
  readonly challenge?: string | null;
}

/** Sealed persistence of one grant (tokens, registered client) under a key; the value is opaque JSON. */
export interface TokenVault {
  load(key: string): Promise<string | undefined>;
  save(key: string, value: string): Promise<void>;
  erase(key: string): Promise<void>;
}

export interface OAuthClient {
  status(): OAuthStatus;
  /** Runs discovery (if needed), registration (if needed) and the chosen grant; stores the tokens. */
  signIn(options: SignInOptions): Promise<OAuthStatus>;
  /** Revokes the tokens where the server allows it (RFC 7009) and erases them. */
  signOut(): Promise<void>;
  /** For `AcpTransportOptions.auth`: the current bearer, refreshed before expiry and once on a 401. */
  transportAuth(): TransportAuth;
  /** Called with every status change (sign-in, refresh, expiry, sign-out). Returns an unsubscribe. */
  onStatus(listener: (status: OAuthStatus) => void): () => void;
}
