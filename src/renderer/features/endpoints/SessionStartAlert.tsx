import { useState } from 'react';
import type { AuthMethod } from '@agentclientprotocol/sdk';
import type { SavedEndpoint } from '../../../shared/domain/endpoint';
import type { ErrorText } from '../../state/error-text';
import { useAuthMethods, useAuthRequired, useStartError } from '../../state/selectors';
import { useAppStore } from '../../state/store-context';
import { Button } from '../../ui/Button';
import { ErrorDetails } from '../../ui/ErrorDetails';
import { ShellIcon } from '../app-shell/shell-icons';
import { newSession } from '../navigation/app-actions';
import { OAuthSignInOffer } from './oauth/OAuthSignInOffer';

/** Methods the client can run through `authenticate` (terminal sign-in is the agent's own TUI). */
function signInMethods(methods: readonly AuthMethod[]): AuthMethod[] {
  return methods.filter((m) => !('type' in m && m.type === 'terminal'));
}

/** The reason and next step: one line with a tooltip when compact, else with the raw details behind a toggle. */
function AlertText({ error, next, compact }: Readonly<{ error: ErrorText | null; next: string; compact: boolean }>) {
  if (compact)
    return (
      <p className="session-alert-line" title={[error?.message, next].filter(Boolean).join(' ')}>
        {error && <span className="session-alert-message">{error.message}</span>}{' '}
        <span className="session-alert-next">{next}</span>
      </p>
    );
  return (
    <div className="session-alert-text">
      {error && <p className="session-alert-message">{error.message}</p>}
      <p className="session-alert-next">{next}</p>
      {error?.details && <ErrorDetails details={error.details} />}
    </div>
  );
}

/**
 * Why the last "New session" on this endpoint failed, as a sentence. When the agent wants a
 * sign-in first, its auth methods are offered as buttons: sign in, then start the session again.
 * Shown in one place: in full in the endpoint's details (next step, raw details behind a
 * toggle) while the main pane shows that endpoint, else under it in the sidebar (`compact`: one
 * line, the next step in its tooltip).
 */
export function SessionStartAlert({
  endpoint,
  announce = true,
  compact = false,
}: Readonly<{ endpoint: Pick<SavedEndpoint, 'id' | 'name'>; announce?: boolean; compact?: boolean }>) {
  const store = useAppStore();
  const error = useStartError(endpoint.id);
  const authRequired = useAuthRequired(endpoint.id);
  const advertised = useAuthMethods(endpoint.id);
  const [authError, setAuthError] = useState<ErrorText | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const needsAuth = authRequired || error?.code === 'unauthorized';
  if (!error && !needsAuth) return null;
  const methods = needsAuth ? signInMethods(advertised) : [];

  const signIn = async (methodId: string) => {
    setBusy(methodId);
    setAuthError(null);
    const failed = await store.sessions.authenticate(endpoint.id, methodId);
    if (failed) {
      setAuthError(failed);
      setBusy(null);
      return;
    }
    store.sessions.clearStartError(endpoint.id);
    await newSession(store, endpoint.id);
    setBusy(null);
  };

  const dismiss = () => {
    store.sessions.clearStartError(endpoint.id);
    document.querySelector<HTMLElement>(`[data-nav-key="e:${endpoint.id}"]`)?.focus();
  };

  const next = methods.length > 0 ? `Sign in to ${endpoint.name} to start a session:` : (error?.nextStep ?? '');
  return (
    <div
      className={compact ? 'session-alert session-alert-compact' : 'session-alert'}
      role={announce ? 'alert' : undefined}
      data-testid="session-start-error"
    >
      <AlertText error={error} next={next} compact={compact} />
      {error?.signIn && <OAuthSignInOffer endpoint={endpoint} />}
      {methods.length > 0 && !error?.signIn && (
        <div className="auth-methods" role="group" aria-label={`Sign in to ${endpoint.name}`}>
          {methods.map((m) => (
            <Button
              key={m.id}
              size="sm"
              variant="primary"
              icon={<ShellIcon name="key" />}
              busy={busy === m.id}
              data-testid="auth-method"
              data-method-id={m.id}
              title={m.description ?? undefined}
              onClick={() => void signIn(m.id)}
            >
              {m.name}
            </Button>
          ))}
        </div>
      )}
      {authError && (
        <p className="session-alert-message">
          {authError.message} {authError.nextStep}
        </p>
      )}
      {error && (
        <button type="button" className="icon-btn session-alert-close" aria-label="Dismiss" onClick={dismiss}>
          <ShellIcon name="close" />
        </button>
      )}
    </div>
  );
}
