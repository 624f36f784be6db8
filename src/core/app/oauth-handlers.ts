/**
 * The invoke handlers of OAuth sign-in (issue 15), spread into the app core's, and the chores
 * around them: every OAuth endpoint's client is kept in step with the saved settings (so its
 * status is known before anything connects), a save that changes what the grant was issued for
 * signs out, and a removed endpoint is signed out (revoke + erase).
 */
import type { OAuthContract } from '../../shared/ipc/oauth-contract';
import { AppError } from '../../shared/util/result';
import { grantKey } from '../endpoints/auth-store';
import type { EndpointRepository } from '../endpoints/endpoint-repository';
import type { InvokeHandlers } from '../host/dispatch';
import type { EndpointOAuth, PresentPrompt } from '../oauth/endpoint-oauth';
import type { SessionEngine } from '../session/session-engine';

type OAuthHandlers = Pick<InvokeHandlers, keyof OAuthContract>;

export interface OAuthAppDeps {
  readonly oauth: EndpointOAuth;
  readonly endpoints: EndpointRepository;
  readonly engine: SessionEngine;
  readonly present: PresentPrompt;
  readonly log?: (message: string) => void;
}

const RESOURCE_METADATA = /\bresource_metadata\s*=/i;

/** Builds (or drops) the client of every endpoint per its saved sign-in setting. */
export async function syncOAuthClients(deps: Pick<OAuthAppDeps, 'oauth' | 'endpoints' | 'log'>): Promise<void> {
  for (const e of deps.endpoints.list().endpoints) {
    if (e.auth?.kind !== 'oauth') continue;
    try {
      deps.oauth.clientFor(await deps.endpoints.resolve(e.id));
    } catch (error) {
      deps.log?.(`OAuth for ${e.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

export function oauthHandlers(deps: OAuthAppDeps): OAuthHandlers {
  const { oauth, endpoints, engine } = deps;
  return {
    'endpoints:signIn': async ({ id, flow }) => {
      let resolved = await endpoints.resolve(id);
      let converted = false;
      if (!resolved.oauth) {
        // "Sign in" offered by a 401 that names RFC 9728 metadata: the endpoint becomes an OAuth one.
        if (!RESOURCE_METADATA.test(oauth.challengeOf(id) ?? ''))
          throw new AppError('invalid_request', `${resolved.name} is not set up for OAuth sign-in.`);
        await endpoints.setAuth(id, { kind: 'oauth' });
        resolved = await endpoints.resolve(id);
        converted = true;
      }
      const status = await oauth.signIn(resolved, deps.present, flow);
      // The old connection had no bearer; a failed one is rebuilt now so the sidebar says so.
      const current = engine.endpointStatuses().find((s) => s.endpointId === id);
      if (converted) await engine.closeEndpoint(id);
      if (converted || current?.state === 'failed') void engine.connectEndpoint(id).catch(() => undefined);
      return status;
    },
    'endpoints:cancelSignIn': async ({ id }) => ({ cancelled: oauth.cancelSignIn(id) }),
    'endpoints:signOut': async ({ id }) => {
      endpoints.get(id);
      await oauth.signOut(id);
      // A connection holding a revoked token can only fail from here on.
      await engine.closeEndpoint(id);
      return oauth.status(id);
    },
    'endpoints:oauthStatus': async () => {
      await syncOAuthClients(deps);
      return oauth.statuses();
    },
  };
}

/**
 * Around `endpoints:save`: when the save changes what the grant was issued for (origin, client
 * id, authorization server, or OAuth turned off), the old grant is revoked and erased through
 * the client it was issued to, before the new settings build a new one.
 */
export async function signOutIfGrantChanged(
  deps: Pick<OAuthAppDeps, 'oauth' | 'endpoints'>,
  id: string,
  before: {
    readonly url: string;
    readonly auth?: Parameters<typeof grantKey>[1];
  },
): Promise<void> {
  const old = grantKey(before.url, before.auth);
  if (old === null) return;
  const after = deps.endpoints.get(id);
  if (grantKey(after.url, after.auth) !== old) await deps.oauth.forget(id);
}
