/**
 * The IPC channels of OAuth sign-in (issue 15). `endpoints:signIn` resolves when the sign-in
 * ends (the person finished in the browser, entered the device code, or it failed); while it
 * runs, `endpoints:oauthChanged` carries the prompt to every window. No channel ever carries a
 * token. Type-only apart from the channel list (the preload imports it).
 */
import type { OAuthFlow, OAuthStatusView } from '../domain/endpoint-auth';

export interface OAuthContract {
  /** Signs the endpoint in; an endpoint whose 401 named `resource_metadata` is set to OAuth first. */
  'endpoints:signIn': { request: { id: string; flow?: OAuthFlow }; response: OAuthStatusView };
  'endpoints:cancelSignIn': { request: { id: string }; response: { cancelled: boolean } };
  /** Revokes the tokens where the server allows it and erases them. */
  'endpoints:signOut': { request: { id: string }; response: OAuthStatusView };
  /** The sign-in of every endpoint configured for OAuth. */
  'endpoints:oauthStatus': { request: undefined; response: OAuthStatusView[] };
}

export const OAUTH_CHANNELS = [
  'endpoints:signIn',
  'endpoints:cancelSignIn',
  'endpoints:signOut',
  'endpoints:oauthStatus',
] as const satisfies readonly (keyof OAuthContract)[];
