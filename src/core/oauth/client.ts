/**
 * One endpoint's OAuth client (issue 15): discovery from a 401 (RFC 9728 → RFC 8414/OpenID),
 * a configured or dynamically registered client (RFC 7591, cached in the vault), sign-in by
 * authorization code + PKCE through a loopback redirect or by the device grant, tokens kept in
 * the sealed vault, refreshed single-flight ahead of expiry and once on a 401, revoked on
 * sign-out. Tokens never appear in an error, a log line or a URL query.
 */
import * as oauth from 'oauth4webapi';
import type { TransportAuth } from '../transport/transport-options';
import type { OAuthClient, OAuthConfig, OAuthStatus, SignInOptions, TokenVault } from './types';
import { discover, discoverAuthorizationServer, httpOptions, why, type Discovered, type OAuthFetch } from './discovery';
import { codeGrant, deviceGrant, realSleep, refreshGrant, revoke, type GrantContext, type Sleep } from './grants';
import { openLoopbackRedirect, type OpenLoopback } from './loopback';
import { parseStored, type Stored, type StoredClient, type StoredGrant } from './stored';

export interface OAuthClientOptions {
  /** The ACP endpoint URL (the protected resource). */
  readonly resourceUrl: string;
  readonly config: OAuthConfig;
  readonly vault: TokenVault;
  /** The vault entry of this endpoint's grant (e.g. the endpoint id, or the URL in the CLI). */
  readonly vaultKey: string;
  /** For every request to the resource's metadata and the authorization server (proxy/TLS settings). */
  readonly fetch?: OAuthFetch;
  readonly now?: () => number;
  /** The loopback redirect listener (default: 127.0.0.1 on a random port). */
  readonly openLoopback?: OpenLoopback;
  /** Waits between device-grant polls (default: a real timer). */
  readonly sleep?: Sleep;
  /** For flow `auto`: whether a browser can be shown; false picks the device grant when offered. Default true. */
  readonly browser?: boolean;
  /** `client_name` for dynamic registration. Default "ACP Desk". */
  readonly clientName?: string;
}

export interface OAuthClientHandle extends OAuthClient {
  /** Resolves once the vault entry was read; until then `status()` says signed out. */
  ready(): Promise<OAuthStatus>;
  /** The last `WWW-Authenticate` the transport passed to `unauthorized`, for a sign-in it calls for. */
  lastChallenge(): string | null;
}

/** Refresh this long before the access token expires. */
export const REFRESH_AHEAD_MS = 60_000;
const LOOPBACK_REDIRECT = 'http://127.0.0.1/callback';
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

function accountOf(claims: oauth.IDToken | undefined): string | undefined {
  if (!claims) return undefined;
  for (const k of ['email', 'preferred_username', 'name', 'sub'] as const) {
    const v = claims[k];
    if (typeof v === 'string' && v) return v;
  }
  return undefined;
}

function clientAuth(c: StoredClient): oauth.ClientAuth {
  if (c.authMethod === 'none' || !c.clientSecret) return oauth.None();
  return c.authMethod === 'client_secret_post'
    ? oauth.ClientSecretPost(c.clientSecret)
    : oauth.ClientSecretBasic(c.clientSecret);
}

function pickScopes(config: OAuthConfig, d: Discovered): string[] {
  if (config.scopes) return [...config.scopes];
  const supported = new Set(d.as.scopes_supported ?? []);
  const scopes = new Set(d.resourceScopes ?? []);
  if (supported.has('openid')) scopes.add('openid');
  if (supported.has('offline_access')) scopes.add('offline_access');
  return [...scopes];
}

export function createOAuthClient(options: OAuthClientOptions): OAuthClientHandle {
  return new Client(options);
}

class Client implements OAuthClientHandle {
  readonly #o: OAuthClientOptions;
  readonly #now: () => number;
  readonly #listeners = new Set<(s: OAuthStatus) => void>();
  readonly #servers = new Map<string, Promise<oauth.AuthorizationServer>>();
  readonly #loaded: Promise<void>;
  #stored: Stored = { v: 1 };
  #writes: Promise<void> = Promise.resolve();
  #refreshing: Promise<boolean> | undefined;
  #signingIn: Promise<OAuthStatus> | undefined;
  #challenge: string | null = null;
  readonly #auth: TransportAuth;

  constructor(o: OAuthClientOptions) {
    this.#o = o;
    this.#now = o.now ?? Date.now;
    this.#loaded = o.vault.load(o.vaultKey).then(
      (text) => {
        this.#stored = parseStored(text);
        if (this.#stored.grant) this.#emit();
      },
      () => undefined, // unreadable (another key, damaged): signed out; the next sign-in replaces it
    );
    this.#auth = {
      header: () => this.#header(),
      unauthorized: (challenge) => this.#unauthorized(challenge),
    };
  }

  async ready(): Promise<OAuthStatus> {
    await this.#loaded;
    return this.status();
  }

  lastChallenge(): string | null {
    return this.#challenge;
  }

  status(): OAuthStatus {
    const g = this.#stored.grant;
    if (!g) return { signedIn: false };
    return {
      signedIn: true,
      ...(g.account ? { account: g.account } : {}),
      ...(g.expiresAt !== undefined ? { expiresAt: g.expiresAt } : {}),
      issuer: g.issuer,
      ...(g.scopes ? { scopes: g.scopes } : {}),
    };
  }

  onStatus(listener: (status: OAuthStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  transportAuth(): TransportAuth {
    return this.#auth;
  }

  signIn(options: SignInOptions): Promise<OAuthStatus> {
    this.#signingIn ??= this.#signIn(options).finally(() => (this.#signingIn = undefined));
    return this.#signingIn;
  }

  async signOut(): Promise<void> {
    await this.#loaded;
    const { grant, client } = this.#stored;
    this.#stored = { v: 1 };
    if (grant && client) {
      try {
        const ctx = await this.#context(grant.issuer, client, grant.resource, []);
        if (grant.refreshToken) await revoke(ctx, grant.refreshToken, 'refresh_token');
        await revoke(ctx, grant.accessToken, 'access_token');
      } catch {
        // the server could not be reached: the tokens are still erased here
      }
    }
    await this.#write(() => this.#o.vault.erase(this.#o.vaultKey));
    this.#emit();
  }

  async #signIn(options: SignInOptions): Promise<OAuthStatus> {
    await this.#loaded;
    const { signal } = options;
    const challenge = options.challenge !== undefined ? options.challenge : this.#challenge;
    const d = await discover(this.#o.resourceUrl, challenge, this.#o.config.authorizationServer, this.#o.fetch, signal);
    const client = await this.#client(d.as, signal);
    const ctx = this.#grantContext(d.as, client, d.resource, pickScopes(this.#o.config, d), signal);
    const flow = options.flow ?? this.#o.config.flow ?? 'auto';
    const canDevice = Boolean(d.as.device_authorization_endpoint);
    const useDevice = flow === 'device' || (flow === 'auto' && this.#o.browser === false && canDevice);
    if (useDevice && !canDevice)
      throw new Error('The authorization server does not offer the device sign-in; sign in with a browser.');
    const tokens = useDevice
      ? await deviceGrant(ctx, options.present, this.#o.sleep ?? realSleep)
      : await codeGrant(ctx, this.#o.openLoopback ?? openLoopbackRedirect, options.present);
    const grant = this.#grantOf(tokens, d.as.issuer, d.resource, ctx.scopes, undefined);
    await this.#save({ ...this.#stored, client, grant });
    this.#emit();
    return this.status();
  }

  /** The configured client, the one registered before with this server, or a new registration. */
  async #client(as: oauth.AuthorizationServer, signal?: AbortSignal): Promise<StoredClient> {
    const { clientId, clientSecret } = this.#o.config;
    if (clientId) {
      const methods = as.token_endpoint_auth_methods_supported ?? [];
      const authMethod = !clientSecret
        ? 'none'
        : methods.includes('client_secret_post') && !methods.includes('client_secret_basic')
          ? 'client_secret_post'
          : 'client_secret_basic';
      return { issuer: as.issuer, clientId, ...(clientSecret ? { clientSecret } : {}), authMethod, registered: false };
    }
    const cached = this.#stored.client;
    if (cached?.registered && cached.issuer === as.issuer) return cached;
    if (!as.registration_endpoint)
      throw new Error(
        `The authorization server ${as.issuer} does not allow dynamic client registration; ` +
          'set a client ID for this endpoint.',
      );
    let registered: Awaited<ReturnType<typeof oauth.processDynamicClientRegistrationResponse>>;
    try {
      const response = await oauth.dynamicClientRegistrationRequest(
        as,
        {
          client_name: this.#o.clientName ?? 'ACP Desk',
          application_type: 'native',
          redirect_uris: [LOOPBACK_REDIRECT],
          response_types: ['code'],
          grant_types: [
            'authorization_code',
            'refresh_token',
            ...(as.device_authorization_endpoint ? [DEVICE_GRANT] : []),
          ],
          token_endpoint_auth_method: 'none',
        },
        httpOptions(this.#o.fetch, as.issuer, signal),
      );
      registered = await oauth.processDynamicClientRegistrationResponse(response);
    } catch (e) {
      // eslint-disable-next-line preserve-caught-error -- the library error may hold the response body (a client secret)
      throw new Error(`Registering ACP Desk with ${as.issuer} failed: ${why(e)}`);
    }
    const method = registered.token_endpoint_auth_method;
    const secret = typeof registered.client_secret === 'string' ? registered.client_secret : undefined;
    const client: StoredClient = {
      issuer: as.issuer,
      clientId: registered.client_id,
      ...(secret ? { clientSecret: secret } : {}),
      authMethod:
        !secret || method === 'none'
          ? 'none'
          : method === 'client_secret_post'
            ? 'client_secret_post'
            : 'client_secret_basic',
      registered: true,
    };
    await this.#save({ ...this.#stored, client });
    return client;
  }

  #server(issuer: string): Promise<oauth.AuthorizationServer> {
    let p = this.#servers.get(issuer);
    if (!p) {
      p = discoverAuthorizationServer(issuer, this.#o.fetch);
      p.catch(() => this.#servers.delete(issuer));
      this.#servers.set(issuer, p);
    }
    return p;
  }

  async #context(
    issuer: string,
    client: StoredClient,
    resource: string,
    scopes: readonly string[],
  ): Promise<GrantContext> {
    return this.#grantContext(await this.#server(issuer), client, resource, scopes);
  }

  #grantContext(
    as: oauth.AuthorizationServer,
    c: StoredClient,
    resource: string,
    scopes: readonly string[],
    signal?: AbortSignal,
  ): GrantContext {
    this.#servers.set(as.issuer, Promise.resolve(as));
    return {
      as,
      client: {
        client_id: c.clientId,
        ...(c.authMethod !== 'none' ? { token_endpoint_auth_method: c.authMethod } : {}),
      },
      auth: clientAuth(c),
      resource,
      scopes,
      ...(this.#o.fetch ? { fetch: this.#o.fetch } : {}),
      now: this.#now,
      ...(signal ? { signal } : {}),
    };
  }

  #grantOf(
    t: oauth.TokenEndpointResponse,
    issuer: string,
    resource: string,
    requested: readonly string[],
    before: StoredGrant | undefined,
  ): StoredGrant {
    const refreshToken = t.refresh_token ?? before?.refreshToken;
    const scopes = t.scope ? t.scope.split(' ').filter(Boolean) : (before?.scopes ?? [...requested]);
    const account = accountOf(oauth.getValidatedIdTokenClaims(t)) ?? before?.account;
    return {
      issuer,
      resource,
      accessToken: t.access_token,
      ...(refreshToken ? { refreshToken } : {}),
      ...(typeof t.expires_in === 'number' ? { expiresAt: this.#now() + t.expires_in * 1000 } : {}),
      ...(scopes.length ? { scopes } : {}),
      ...(account ? { account } : {}),
    };
  }

  async #header(): Promise<string | undefined> {
    await this.#loaded;
    const g = this.#stored.grant;
    if (!g) return undefined;
    if (g.expiresAt !== undefined && g.expiresAt - this.#now() <= REFRESH_AHEAD_MS) {
      if (g.refreshToken) await this.#refresh().catch(() => false);
      else if (g.expiresAt <= this.#now()) await this.#expire();
    }
    const now = this.#stored.grant;
    return now ? `Bearer ${now.accessToken}` : undefined;
  }

  async #unauthorized(challenge: string | null): Promise<boolean> {
    this.#challenge = challenge;
    await this.#loaded;
    if (!this.#stored.grant) return false;
    return this.#refresh().catch(() => false);
  }

  /** Single-flight: every caller during one refresh shares it. True = a new access token. */
  #refresh(): Promise<boolean> {
    this.#refreshing ??= this.#doRefresh().finally(() => (this.#refreshing = undefined));
    return this.#refreshing;
  }

  async #doRefresh(): Promise<boolean> {
    const { grant, client } = this.#stored;
    if (!grant) return false;
    if (!grant.refreshToken || !client) {
      await this.#expire();
      return false;
    }
    const ctx = await this.#context(grant.issuer, client, grant.resource, grant.scopes ?? []);
    const tokens = await refreshGrant(ctx, grant.refreshToken);
    if (this.#stored.grant !== grant) return Boolean(this.#stored.grant); // signed out or in meanwhile
    if (!tokens) {
      await this.#expire();
      return false;
    }
    await this.#save({ ...this.#stored, grant: this.#grantOf(tokens, grant.issuer, grant.resource, [], grant) });
    this.#emit();
    return true;
  }

  /** The grant is no good any more: forget it (the registered client stays), say signed out. */
  async #expire(): Promise<void> {
    if (!this.#stored.grant) return;
    const { grant: _dropped, ...rest } = this.#stored;
    await this.#save(rest);
    this.#emit();
  }

  async #save(next: Stored): Promise<void> {
    this.#stored = next;
    const text = JSON.stringify(next);
    await this.#write(() => this.#o.vault.save(this.#o.vaultKey, text));
  }

  /** Vault writes in order, so an older state never lands after a newer one. */
  #write(op: () => Promise<void>): Promise<void> {
    const p = this.#writes.then(op);
    this.#writes = p.catch(() => undefined);
    return p;
  }

  #emit(): void {
    const s = this.status();
    for (const l of [...this.#listeners]) {
      try {
        l(s);
      } catch {
        // a listener's failure is its own
      }
    }
  }
}
