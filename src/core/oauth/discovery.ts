/**
 * Finding where to sign in: the protected resource's metadata (RFC 9728, from the 401's
 * `resource_metadata` or the well-known URL for the resource), then its authorization server's
 * metadata (RFC 8414, falling back to OpenID discovery). Plain http is allowed only on loopback.
 */
import * as oauth from 'oauth4webapi';
import { z } from 'zod';
import { parseBearerChallenge } from './challenge';

export type OAuthFetch = (input: string, init: RequestInit) => Promise<Response>;

export interface Discovered {
  readonly as: oauth.AuthorizationServer;
  /** The RFC 8707 resource indicator to send. */
  readonly resource: string;
  /** What the resource asks for (the challenge's scope, else its metadata's scopes_supported). */
  readonly resourceScopes?: readonly string[];
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLoopbackUrl(url: string | URL): boolean {
  try {
    return LOOPBACK.has(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** oauth4webapi's request options for a URL: our fetch, and http only for loopback. */
export function httpOptions(fetch: OAuthFetch | undefined, target: string | URL, signal?: AbortSignal) {
  return {
    ...(fetch ? { [oauth.customFetch]: (url: string, init: RequestInit) => fetch(url, init) } : {}),
    ...(isLoopbackUrl(target) ? { [oauth.allowInsecureRequests]: true } : {}),
    ...(signal ? { signal } : {}),
  };
}

const resourceMetadataSchema = z.object({
  resource: z.string().url(),
  authorization_servers: z.array(z.string().url()).optional(),
  scopes_supported: z.array(z.string()).optional(),
});

/** A resource identifier covers the URL when it is the URL or a path prefix of it on the same origin. */
export function resourceCovers(resource: string, url: string): boolean {
  const r = new URL(resource);
  const u = new URL(url);
  if (r.origin !== u.origin) return false;
  const base = r.pathname.replace(/\/+$/, '');
  return u.pathname === r.pathname || u.pathname === base || u.pathname.startsWith(`${base}/`);
}

async function readResourceMetadata(
  resourceUrl: string,
  metadataUrl: string | undefined,
  fetch: OAuthFetch | undefined,
  signal?: AbortSignal,
): Promise<z.infer<typeof resourceMetadataSchema> | undefined> {
  let response: Response;
  try {
    response = metadataUrl
      ? await (fetch ?? globalThis.fetch)(metadataUrl, {
          method: 'GET',
          headers: { accept: 'application/json' },
          ...(signal ? { signal } : {}),
        })
      : await oauth.resourceDiscoveryRequest(new URL(resourceUrl), httpOptions(fetch, resourceUrl, signal));
  } catch (e) {
    if (metadataUrl)
      throw new Error(`Could not read the resource's OAuth metadata at ${metadataUrl}: ${why(e)}`, { cause: e });
    return undefined;
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    if (metadataUrl)
      throw new Error(`The resource's OAuth metadata at ${metadataUrl} answered HTTP ${response.status}.`);
    return undefined;
  }
  const parsed = resourceMetadataSchema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new Error(`The resource's OAuth metadata is not valid RFC 9728 metadata.`);
  if (!resourceCovers(parsed.data.resource, resourceUrl))
    throw new Error(`The resource's OAuth metadata is for ${parsed.data.resource}, not for ${resourceUrl}.`);
  return parsed.data;
}

/** RFC 8414 first, then OpenID Connect discovery. */
export async function discoverAuthorizationServer(
  issuer: string,
  fetch: OAuthFetch | undefined,
  signal?: AbortSignal,
): Promise<oauth.AuthorizationServer> {
  const url = new URL(issuer);
  const problems: string[] = [];
  for (const algorithm of ['oauth2', 'oidc'] as const) {
    try {
      const response = await oauth.discoveryRequest(url, { algorithm, ...httpOptions(fetch, url, signal) });
      return await oauth.processDiscoveryResponse(url, response);
    } catch (e) {
      if (signal?.aborted) throw e;
      problems.push(`${algorithm === 'oauth2' ? 'RFC 8414' : 'OpenID'}: ${why(e)}`);
    }
  }
  throw new Error(`Could not read the authorization server's metadata at ${issuer} (${problems.join('; ')}).`);
}

/** Everything sign-in needs to know before it talks to the authorization server. */
export async function discover(
  resourceUrl: string,
  challenge: string | null | undefined,
  configuredServer: string | undefined,
  fetch: OAuthFetch | undefined,
  signal?: AbortSignal,
): Promise<Discovered> {
  const bearer = parseBearerChallenge(challenge);
  const metadata = await readResourceMetadata(resourceUrl, bearer?.resourceMetadata, fetch, signal);
  const issuer = configuredServer ?? metadata?.authorization_servers?.[0] ?? new URL(resourceUrl).origin;
  const as = await discoverAuthorizationServer(issuer, fetch, signal);
  const scopes = bearer?.scope ? bearer.scope.split(/\s+/).filter(Boolean) : metadata?.scopes_supported;
  return { as, resource: metadata?.resource ?? resourceUrl, ...(scopes ? { resourceScopes: scopes } : {}) };
}

/** A library or network error as a short phrase (never a response body). */
export function why(e: unknown): string {
  if (e instanceof oauth.ResponseBodyError) return e.error_description ? `${e.error}: ${e.error_description}` : e.error;
  if (e instanceof oauth.AuthorizationResponseError)
    return e.error_description ? `${e.error}: ${e.error_description}` : e.error;
  if (e instanceof oauth.WWWAuthenticateChallengeError) return `HTTP ${e.status}`;
  if (e instanceof Error) {
    const cause = (e as { cause?: { code?: string } }).cause?.code;
    return cause ? `${e.message} (${cause})` : e.message;
  }
  return String(e);
}
