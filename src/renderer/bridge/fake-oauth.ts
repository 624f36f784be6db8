/**
 * The fake host's OAuth sign-in (issue 15): every endpoint starts signed out; `endpoints:signIn`
 * pushes a browser prompt, then signs in as alice@example.com for an hour; sign-out pushes
 * signed out. Tests replace single channels through `handlers` to script other outcomes.
 */
import type { OAuthStatusView } from '../../shared/domain/endpoint-auth';
import type { EventContract } from '../../shared/ipc/contract';
import { ok } from '../../shared/util/result';

export function createFakeOAuth(emit: (status: EventContract['endpoints:oauthChanged']) => void) {
  const byId = new Map<string, OAuthStatusView>();
  const set = (s: OAuthStatusView) => {
    byId.set(s.endpointId, s);
    emit(s);
    return s;
  };
  return {
    statuses: byId,
    handlers: {
      'endpoints:oauthStatus': () => ok([...byId.values()]),
      'endpoints:signIn': async ({ id }: { id: string }) => {
        set({
          endpointId: id,
          state: 'signing-in',
          prompt: { kind: 'browser', url: 'https://login.example.com/authorize' },
        });
        return ok(
          set({ endpointId: id, state: 'signed-in', account: 'alice@example.com', expiresAt: Date.now() + 3_600_000 }),
        );
      },
      'endpoints:cancelSignIn': () => ok({ cancelled: false }),
      'endpoints:signOut': ({ id }: { id: string }) => ok(set({ endpointId: id, state: 'signed-out' })),
    },
  };
}
