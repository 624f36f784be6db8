/**
 * OAuth sign-in per saved endpoint (issue 15), as the app uses it: one `OAuthClient` per
 * endpoint that is configured for OAuth (built by the factory the host passes, rebuilt when
 * what the grant was issued for changes), its status pushed to every window as an
 * `OAuthStatusView`, sign-in with the prompt shown by the host, sign-out (revoke + erase) and
 * the credentials of each new connection. The grant lives in the TokenVault under the
 * endpoint id; nothing here ever returns a token.
 *
 * An endpoint without OAuth gets a passive `TransportAuth` that only notes the 401's
 * challenge, so a refused connect whose `WWW-Authenticate` names RFC 9728 `resource_metadata`
 * can offer "Sign in" instead of a dead end.
 */
import type { OAuthPromptView, OAuthStatusView } from '../../shared/domain/endpoint-auth';
import { AppError } from '../../shared/util/result';
import type { ResolvedEndpoint } from '../endpoints/endpoint-repository';
import type { FetchLike } from '../transport/link';
import { networkDeps } from '../transport/net-config';
import { nodeWebSocket } from '../transport/node-deps';
import type { TransportAuth } from '../transport/transport-options';
import { createOAuthClient } from './client';
import type { OAuthClient, OAuthConfig, OAuthStatus, SignInPrompt, TokenVault } from './types';

export interface OAuthClientInput {
  readonly endpointId: string;
  /** The ACP endpoint URL: the protected resource (RFC 8707 `resource`). */
  readonly resourceUrl: string;
  readonly config: OAuthConfig;
  readonly vault: TokenVault;
  readonly vaultKey: string;
  /** The endpoint's proxy and TLS settings, for discovery and the token endpoint too. */
  readonly network?: ResolvedEndpoint['network'];
}

export type OAuthClientFactory = (input: OAuthClientInput) => OAuthClient;

/**
 * The real client (client.ts). Given the app's fetch, its requests to the resource metadata and
 * the authorization server go through the endpoint's proxy and TLS settings, as its connection's do.
 */
export function oauthClientFactory(fetch?: FetchLike): OAuthClientFactory {
  return (i) =>
    createOAuthClient({
      resourceUrl: i.resourceUrl,
      config: i.config,
      vault: i.vault,
      vaultKey: i.vaultKey,
      ...(fetch ? { fetch: networkDeps({ fetch, webSocket: nodeWebSocket }, i.network).fetch } : {}),
    });
}

export const defaultOAuthClientFactory: OAuthClientFactory = oauthClientFactory();

export interface EndpointOAuthOptions {
  readonly factory: OAuthClientFactory;
  readonly vault: TokenVault;
  /** Every status change of an endpoint's sign-in (to every window). */
  readonly emit: (status: OAuthStatusView) => void;
  readonly now?: () => number;
  readonly log?: (message: string) => void;
}

/** What the host does with a sign-in prompt (open the browser; the windows are told anyway). */
export type PresentPrompt = (endpointId: string, prompt: SignInPrompt) => void | Promise<void>;

interface Entry {
  readonly client: OAuthClient;
  /** What the grant is for (origin, client id, authorization server): another one is another grant. */
  readonly identity: string;
  readonly unsubscribe: () => void;
  wasSignedIn: boolean;
  signingIn?: { readonly abort: AbortController; prompt?: OAuthPromptView };
  error?: string;
}

const RESOURCE_METADATA = /\bresource_metadata\s*=/i;

export function identityOf(endpoint: Pick<ResolvedEndpoint, 'url' | 'oauth'>): string {
  let origin = endpoint.url;
  try {
    const u = new URL(endpoint.url);
    origin = `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    // compared as written
  }
  return JSON.stringify([origin, endpoint.oauth?.clientId ?? '', endpoint.oauth?.authorizationServer ?? '']);
}

export class EndpointOAuth {
  readonly #o: EndpointOAuthOptions;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry>();
  /** The last 401 challenge of each endpoint's connection (with or without OAuth). */
  readonly #challenges = new Map<string, string | null>();

  constructor(options: EndpointOAuthOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
  }

  /**
   * The client of an OAuth endpoint, built on first use and rebuilt when what the grant was
   * issued for changed (then the old grant was already signed out by `settingsChanged`).
   * Undefined for an endpoint without OAuth.
   */
  clientFor(endpoint: ResolvedEndpoint): OAuthClient | undefined {
    if (!endpoint.oauth) {
      this.#drop(endpoint.id);
      return undefined;
    }
    const identity = identityOf(endpoint);
    const existing = this.#entries.get(endpoint.id);
    if (existing?.identity === identity) return existing.client;
    this.#drop(endpoint.id);
    const client = this.#o.factory({
      endpointId: endpoint.id,
      resourceUrl: endpoint.url,
      config: endpoint.oauth,
      vault: this.#o.vault,
      vaultKey: endpoint.id,
      ...(endpoint.network ? { network: endpoint.network } : {}),
    });
    const entry: Entry = {
      client,
      identity,
      unsubscribe: client.onStatus((s) => this.#changed(endpoint.id, s)),
      wasSignedIn: false,
    };
    this.#entries.set(endpoint.id, entry);
    this.#changed(endpoint.id, client.status());
    return client;
  }

  /** The credentials for a new connection of this endpoint. */
  transportAuth(endpoint: ResolvedEndpoint): TransportAuth | undefined {
    const client = this.clientFor(endpoint);
    if (client) {
      const auth = client.transportAuth();
      return {
        header: () => auth.header(),
        unauthorized: async (challenge) => {
          this.#challenges.set(endpoint.id, challenge);
          return auth.unauthorized(challenge);
        },
      };
    }
    // A static Authorization header is the endpoint's own credential: leave it alone.
    if (Object.keys(endpoint.headers).some((h) => h.toLowerCase() === 'authorization')) return undefined;
    return {
      header: async () => undefined,
      unauthorized: async (challenge) => {
        this.#challenges.set(endpoint.id, challenge);
        return false;
      },
    };
  }

  /** A refused connect of an endpoint becomes an offer to sign in where a sign-in can help. */
  explain(endpointId: string, error: AppError): AppError {
    if (error.code !== 'unauthorized') return error;
    const configured = this.#entries.has(endpointId);
    const challenge = this.#challenges.get(endpointId) ?? null;
    if (!configured && !(challenge && RESOURCE_METADATA.test(challenge))) return error;
    const message = configured
      ? `${this.status(endpointId).state === 'signed-out' ? 'Not signed in' : 'The sign-in is no longer accepted'}: sign in to use this endpoint.`
      : 'The agent asks you to sign in with OAuth: sign in to use this endpoint.';
    return new AppError('unauthorized', message, { signIn: { endpointId, configured } });
  }

  /** The 401 challenge the endpoint's connection last saw, for a sign-in it calls for. */
  challengeOf(endpointId: string): string | null {
    return this.#challenges.get(endpointId) ?? null;
  }

  status(endpointId: string): OAuthStatusView {
    const entry = this.#entries.get(endpointId);
    return entry ? this.#view(endpointId, entry, entry.client.status()) : { endpointId, state: 'signed-out' };
  }

  statuses(): OAuthStatusView[] {
    return [...this.#entries.keys()].map((id) => this.status(id));
  }

  /**
   * Signs in: `present` shows the prompt (the host opens the browser), the windows get it in the
   * status too (a link to open, or the device code). One sign-in per endpoint at a time: a second
   * call cancels the first.
   */
  async signIn(
    endpoint: ResolvedEndpoint,
    present: PresentPrompt,
    flow?: OAuthConfig['flow'],
  ): Promise<OAuthStatusView> {
    const client = this.clientFor(endpoint);
    if (!client) throw new AppError('invalid_request', `${endpoint.name} is not set up for OAuth sign-in.`);
    const entry = this.#entries.get(endpoint.id)!;
    entry.signingIn?.abort.abort();
    const abort = new AbortController();
    const signing: NonNullable<Entry['signingIn']> = { abort };
    entry.signingIn = signing;
    delete entry.error;
    this.#push(endpoint.id);
    try {
      await client.signIn({
        present: async (prompt) => {
          signing.prompt = promptView(prompt);
          this.#push(endpoint.id);
          await present(endpoint.id, prompt);
        },
        signal: abort.signal,
        ...(this.#challenges.get(endpoint.id) ? { challenge: this.#challenges.get(endpoint.id) } : {}),
        ...(flow ? { flow } : endpoint.oauth?.flow ? { flow: endpoint.oauth.flow } : {}),
      });
      this.#challenges.delete(endpoint.id);
    } catch (e) {
      const cancelled = abort.signal.aborted;
      if (!cancelled) entry.error = e instanceof Error ? e.message : String(e);
      throw new AppError(
        cancelled ? 'conflict' : 'unavailable',
        cancelled ? 'The sign-in was cancelled.' : `Signing in failed: ${entry.error}`,
      );
    } finally {
      if (entry.signingIn === signing) delete entry.signingIn;
      this.#push(endpoint.id);
    }
    return this.status(endpoint.id);
  }

  /** Stops a sign-in in progress (the loopback listener closes, the device poll ends). */
  cancelSignIn(endpointId: string): boolean {
    const signing = this.#entries.get(endpointId)?.signingIn;
    signing?.abort.abort();
    return signing !== undefined;
  }

  /** Revokes where the server allows it and erases the grant. */
  async signOut(endpointId: string): Promise<void> {
    const entry = this.#entries.get(endpointId);
    entry?.signingIn?.abort.abort();
    if (entry) {
      try {
        await entry.client.signOut();
      } catch (e) {
        // Revocation is best effort; the grant is erased whatever the server said.
        this.#o.log?.(`OAuth sign-out of ${endpointId}: ${e instanceof Error ? e.message : String(e)}`);
      }
      entry.wasSignedIn = false;
      delete entry.error;
    }
    await this.#o.vault.erase(endpointId);
    this.#challenges.delete(endpointId);
    this.#push(endpointId);
  }

  /** The endpoint was removed: signed out, its client dropped. */
  async forget(endpointId: string): Promise<void> {
    await this.signOut(endpointId);
    this.#drop(endpointId);
  }

  dispose(): void {
    for (const id of [...this.#entries.keys()]) this.#drop(id);
  }

  #drop(endpointId: string): void {
    const entry = this.#entries.get(endpointId);
    if (!entry) return;
    entry.signingIn?.abort.abort();
    entry.unsubscribe();
    this.#entries.delete(endpointId);
  }

  #changed(endpointId: string, status: OAuthStatus): void {
    const entry = this.#entries.get(endpointId);
    if (!entry) return;
    if (status.signedIn) entry.wasSignedIn = true;
    this.#o.emit(this.#view(endpointId, entry, status));
  }

  #push(endpointId: string): void {
    this.#o.emit(this.status(endpointId));
  }

  #view(endpointId: string, entry: Entry, s: OAuthStatus): OAuthStatusView {
    const expired =
      (s.signedIn && s.expiresAt !== undefined && s.expiresAt <= this.#now()) || (!s.signedIn && entry.wasSignedIn);
    const state = entry.signingIn
      ? 'signing-in'
      : s.signedIn && !expired
        ? 'signed-in'
        : expired
          ? 'expired'
          : 'signed-out';
    return {
      endpointId,
      state,
      ...(s.signedIn && s.account ? { account: s.account } : {}),
      ...(s.signedIn && s.expiresAt !== undefined ? { expiresAt: s.expiresAt } : {}),
      ...(s.issuer ? { issuer: s.issuer } : {}),
      ...(s.signedIn && s.scopes ? { scopes: s.scopes } : {}),
      ...(entry.signingIn?.prompt ? { prompt: entry.signingIn.prompt } : {}),
      ...(entry.error ? { error: entry.error } : {}),
    };
  }
}

function promptView(p: SignInPrompt): OAuthPromptView {
  return p.kind === 'browser'
    ? { kind: 'browser', url: p.url }
    : {
        kind: 'device',
        userCode: p.userCode,
        verificationUri: p.verificationUri,
        ...(p.verificationUriComplete ? { verificationUriComplete: p.verificationUriComplete } : {}),
        expiresAt: p.expiresAt,
      };
}
