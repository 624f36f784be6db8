import type { SavedEndpoint } from '../../../../shared/domain/endpoint';
import { useAppStore } from '../../../state/store-context';
import { Button } from '../../../ui/Button';
import { ShellIcon } from '../../app-shell/shell-icons';
import { newSession } from '../../navigation/app-actions';
import { useOAuthStatus } from './use-oauth';

/**
 * "Sign in" where a session could not start because the agent wants an OAuth sign-in (issue 15):
 * signs in, then starts the session again. While it runs, the prompt shows in the endpoint's
 * sign-in status (the browser tab opens by itself, or the device code is there to copy).
 */
export function OAuthSignInOffer({ endpoint }: Readonly<{ endpoint: Pick<SavedEndpoint, 'id' | 'name'> }>) {
  const store = useAppStore();
  const { store: oauth, busy, status } = useOAuthStatus(endpoint.id);
  const signIn = async () => {
    const signed = await oauth.signIn(endpoint.id);
    if (signed?.state !== 'signed-in') return;
    store.sessions.clearStartError(endpoint.id);
    await newSession(store, endpoint.id);
  };
  const prompt = busy === 'signing-in' ? status?.prompt : undefined;
  return (
    <div className="auth-methods" role="group" aria-label={`Sign in to ${endpoint.name}`}>
      <Button
        size="sm"
        variant="primary"
        icon={<ShellIcon name="key" />}
        busy={busy === 'signing-in'}
        data-testid="oauth-sign-in-offer"
        onClick={() => void signIn()}
      >
        Sign in
      </Button>
      {prompt?.kind === 'browser' && (
        <a href={prompt.url} target="_blank" rel="noopener noreferrer" data-testid="oauth-open-page">
          Open the sign-in page
        </a>
      )}
      {prompt?.kind === 'device' && (
        <span data-testid="oauth-user-code">
          Enter {prompt.userCode} at {prompt.verificationUri}
        </span>
      )}
    </div>
  );
}
