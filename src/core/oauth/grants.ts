/**
 * The grants themselves, on oauth4webapi: authorization code + PKCE S256 through a loopback
 * redirect (RFC 7636, RFC 8252), the device authorization grant (RFC 8628), refresh, and
 * revocation (RFC 7009). Each token request carries the RFC 8707 `resource`. Errors are
 * sentences without tokens; the library's error objects (which may hold response bodies) are
 * never passed on as causes.
 */
import * as oauth from 'oauth4webapi';
import type { SignInPrompt } from './types';
import { httpOptions, why, type OAuthFetch } from './discovery';
import type { OpenLoopback } from './loopback';

export interface GrantContext {
  readonly as: oauth.AuthorizationServer;
  readonly client: oauth.Client;
  readonly auth: oauth.ClientAuth;
  readonly resource: string;
  readonly scopes: readonly string[];
  readonly fetch?: OAuthFetch;
  readonly now: () => number;
  readonly signal?: AbortSignal;
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const realSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(aborted());
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(aborted());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export function aborted(): Error {
  const e = new Error('The sign-in was cancelled.');
  e.name = 'AbortError';
  return e;
}

function options(ctx: GrantContext) {
  return httpOptions(ctx.fetch, ctx.as.issuer, ctx.signal);
}

function tokenOptions(ctx: GrantContext) {
  return { ...options(ctx), additionalParameters: { resource: ctx.resource } };
}

function fail(step: string, e: unknown, signal?: AbortSignal): Error {
  if (signal?.aborted) return aborted();
  return new Error(`${step} failed: ${why(e)}`);
}

export async function codeGrant(
  ctx: GrantContext,
  openLoopback: OpenLoopback,
  present: (p: SignInPrompt) => void | Promise<void>,
): Promise<oauth.TokenEndpointResponse> {
  if (!ctx.as.authorization_endpoint)
    throw new Error('The authorization server has no authorization endpoint; use the device sign-in.');
  const loop = await openLoopback(ctx.signal);
  try {
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const url = new URL(ctx.as.authorization_endpoint);
    const q = url.searchParams;
    q.set('response_type', 'code');
    q.set('client_id', ctx.client.client_id);
    q.set('redirect_uri', loop.redirectUri);
    if (ctx.scopes.length) q.set('scope', ctx.scopes.join(' '));
    q.set('state', state);
    q.set('code_challenge', await oauth.calculatePKCECodeChallenge(verifier));
    q.set('code_challenge_method', 'S256');
    q.set('resource', ctx.resource);
    const arrived = loop.wait(state);
    await present({ kind: 'browser', url: url.href });
    const callback = await arrived;
    let params: URLSearchParams;
    try {
      params = oauth.validateAuthResponse(ctx.as, ctx.client, callback, state);
    } catch (e) {
      throw fail('The authorization', e);
    }
    try {
      const response = await oauth.authorizationCodeGrantRequest(
        ctx.as,
        ctx.client,
        ctx.auth,
        params,
        loop.redirectUri,
        verifier,
        tokenOptions(ctx),
      );
      return await oauth.processAuthorizationCodeResponse(ctx.as, ctx.client, response);
    } catch (e) {
      throw fail('The token request', e, ctx.signal);
    }
  } finally {
    await loop.close();
  }
}

export async function deviceGrant(
  ctx: GrantContext,
  present: (p: SignInPrompt) => void | Promise<void>,
  sleep: Sleep,
): Promise<oauth.TokenEndpointResponse> {
  let device: oauth.DeviceAuthorizationResponse;
  try {
    const params: Record<string, string> = { resource: ctx.resource };
    if (ctx.scopes.length) params.scope = ctx.scopes.join(' ');
    const response = await oauth.deviceAuthorizationRequest(ctx.as, ctx.client, ctx.auth, params, options(ctx));
    device = await oauth.processDeviceAuthorizationResponse(ctx.as, ctx.client, response);
  } catch (e) {
    throw fail('The device authorization request', e, ctx.signal);
  }
  const expiresAt = ctx.now() + device.expires_in * 1000;
  await present({
    kind: 'device',
    userCode: device.user_code,
    verificationUri: device.verification_uri,
    ...(device.verification_uri_complete ? { verificationUriComplete: device.verification_uri_complete } : {}),
    expiresAt,
  });
  let interval = typeof device.interval === 'number' && device.interval >= 0 ? device.interval : 5;
  for (;;) {
    await sleep(interval * 1000, ctx.signal);
    if (ctx.now() >= expiresAt) throw new Error('The device code expired before the sign-in was approved.');
    try {
      const response = await oauth.deviceCodeGrantRequest(
        ctx.as,
        ctx.client,
        ctx.auth,
        device.device_code,
        tokenOptions(ctx),
      );
      return await oauth.processDeviceCodeResponse(ctx.as, ctx.client, response);
    } catch (e) {
      if (ctx.signal?.aborted) throw aborted();
      if (e instanceof oauth.ResponseBodyError) {
        /* eslint-disable preserve-caught-error -- token responses are never attached as causes */
        if (e.error === 'authorization_pending') continue;
        if (e.error === 'slow_down') {
          interval += 5; // RFC 8628 §3.5
          continue;
        }
        if (e.error === 'access_denied') throw new Error('The sign-in was refused on the authorization server.');
        if (e.error === 'expired_token') throw new Error('The device code expired before the sign-in was approved.');
        /* eslint-enable preserve-caught-error */
      }
      throw fail('The device sign-in', e);
    }
  }
}

/** Resolves with new tokens, or undefined when the server refused the refresh token (sign in again). */
export async function refreshGrant(
  ctx: GrantContext,
  refreshToken: string,
): Promise<oauth.TokenEndpointResponse | undefined> {
  try {
    const response = await oauth.refreshTokenGrantRequest(
      ctx.as,
      ctx.client,
      ctx.auth,
      refreshToken,
      tokenOptions(ctx),
    );
    return await oauth.processRefreshTokenResponse(ctx.as, ctx.client, response);
  } catch (e) {
    if (
      e instanceof oauth.ResponseBodyError &&
      ['invalid_grant', 'invalid_client', 'unauthorized_client'].includes(e.error)
    )
      return undefined;
    throw fail('Refreshing the sign-in', e, ctx.signal);
  }
}

/** Best effort: a server that cannot revoke does not stop a sign-out. */
export async function revoke(
  ctx: GrantContext,
  token: string,
  hint: 'refresh_token' | 'access_token',
): Promise<boolean> {
  if (!ctx.as.revocation_endpoint) return false;
  try {
    const response = await oauth.revocationRequest(ctx.as, ctx.client, ctx.auth, token, {
      ...options(ctx),
      additionalParameters: { token_type_hint: hint },
    });
    await oauth.processRevocationResponse(response);
    return true;
  } catch {
    return false;
  }
}
