/**
 * Sealing and unsealing an endpoint's sign-in setting (issue 15). Same rules as secret headers:
 * the client secret is sealed by the SecretCipher, write-only for the renderer, an omitted value
 * keeps the stored one, '' removes it, and a save that moves the endpoint to another origin
 * drops it unless the same save gives it again. The grant itself (tokens, registered client) is
 * not stored here but in the token vault (token-vault.ts), keyed by endpoint id.
 */
import type { EndpointAuthDraftParsed, EndpointAuthView } from '../../shared/domain/endpoint-auth';
import { AppError } from '../../shared/util/result';
import type { OAuthConfig } from '../oauth/types';
import type { SecretCipher } from './secret-store';
import type { StoredAuth } from './settings-file';

export async function authOnSave(
  draft: EndpointAuthDraftParsed | undefined,
  previous: StoredAuth | undefined,
  moved: boolean,
  cipher: SecretCipher,
): Promise<{ auth: StoredAuth | undefined; dropped: string[] }> {
  const prevSecret = previous?.kind === 'oauth' ? previous.clientSecretSealed : undefined;
  if (draft === undefined) {
    if (!moved || !prevSecret || previous?.kind !== 'oauth') return { auth: previous, dropped: [] };
    const { clientSecretSealed: _gone, ...kept } = previous;
    return { auth: kept, dropped: ['the OAuth client secret'] };
  }
  if (draft.kind === 'none') return { auth: undefined, dropped: [] };
  const dropped: string[] = [];
  let clientSecretSealed: string | undefined;
  if (draft.clientSecret !== undefined)
    clientSecretSealed = draft.clientSecret === '' ? undefined : await cipher.encrypt(draft.clientSecret);
  else if (prevSecret && moved) dropped.push('the OAuth client secret');
  else clientSecretSealed = prevSecret;
  const clientId = draft.clientId?.trim();
  const server = draft.authorizationServer?.trim();
  const auth: StoredAuth = {
    kind: 'oauth',
    ...(clientId ? { clientId } : {}),
    // A client secret belongs to a client id: without one it would never be sent.
    ...(clientSecretSealed && clientId ? { clientSecretSealed } : {}),
    ...(draft.scopes && draft.scopes.length > 0 ? { scopes: [...draft.scopes] } : {}),
    ...(server ? { authorizationServer: server } : {}),
    ...(draft.flow && draft.flow !== 'auto' ? { flow: draft.flow } : {}),
  };
  return { auth, dropped };
}

/** The OAuth client's configuration with the client secret unsealed; undefined for no sign-in. */
export async function unsealAuth(auth: StoredAuth | undefined, cipher: SecretCipher): Promise<OAuthConfig | undefined> {
  if (auth?.kind !== 'oauth') return undefined;
  const clientSecret = auth.clientSecretSealed
    ? await cipher.decrypt(auth.clientSecretSealed).catch(() => {
        throw new AppError('unavailable', 'The OAuth client secret could not be decrypted; enter it again.');
      })
    : undefined;
  return {
    ...(auth.clientId ? { clientId: auth.clientId } : {}),
    ...(clientSecret ? { clientSecret } : {}),
    ...(auth.scopes ? { scopes: auth.scopes } : {}),
    ...(auth.authorizationServer ? { authorizationServer: auth.authorizationServer } : {}),
    flow: auth.flow ?? 'auto',
  };
}

export function authView(auth: StoredAuth | undefined): EndpointAuthView | undefined {
  if (auth?.kind !== 'oauth') return undefined;
  return {
    kind: 'oauth',
    ...(auth.clientId ? { clientId: auth.clientId } : {}),
    hasClientSecret: Boolean(auth.clientSecretSealed),
    scopes: auth.scopes ?? [],
    ...(auth.authorizationServer ? { authorizationServer: auth.authorizationServer } : {}),
    flow: auth.flow ?? 'auto',
  };
}

/**
 * What a grant was issued for: another client, authorization server or origin makes the stored
 * grant useless (and a token for the old host must never reach the new one), so it is revoked
 * and erased. Scopes and flow do not: the next sign-in asks for the new scopes.
 */
export function grantKey(url: string, auth: EndpointAuthView | undefined): string | null {
  if (auth?.kind !== 'oauth') return null;
  let origin = url;
  try {
    const u = new URL(url);
    origin = `${u.protocol}//${u.host}`;
  } catch {
    // compared as written
  }
  return JSON.stringify([origin, auth.clientId ?? '', auth.authorizationServer ?? '']);
}
