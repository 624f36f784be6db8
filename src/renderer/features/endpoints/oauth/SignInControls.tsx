import { useState } from 'react';
import type { OAuthPromptView } from '../../../../shared/domain/endpoint-auth';
import { Button } from '../../../ui/Button';
import { ShellIcon } from '../../app-shell/shell-icons';
import { copyText } from '../../chat/markdown/clipboard';
import { hasGrant, oauthStatusLine } from './oauth-view';
import { useOAuthStatus } from './use-oauth';

/** What the person has to do while a sign-in runs: finish in the browser, or enter the device code. */
function PromptView({ prompt }: Readonly<{ prompt: OAuthPromptView }>) {
  const [copied, setCopied] = useState(false);
  if (prompt.kind === 'browser')
    return (
      <p className="oauth-prompt" data-testid="oauth-prompt">
        Finish signing in in your browser.{' '}
        <a href={prompt.url} target="_blank" rel="noopener noreferrer" data-testid="oauth-open-page">
          Open the sign-in page
        </a>
      </p>
    );
  const link = prompt.verificationUriComplete ?? prompt.verificationUri;
  const copy = async () => setCopied(await copyText(prompt.userCode));
  return (
    <div className="oauth-prompt" data-testid="oauth-prompt">
      <p>
        Enter this code at{' '}
        <a href={link} target="_blank" rel="noopener noreferrer" data-testid="oauth-verification-link">
          {prompt.verificationUri}
        </a>
        :
      </p>
      <p className="oauth-device-code">
        <code data-testid="oauth-user-code" aria-label="Device code">
          {prompt.userCode}
        </code>{' '}
        <Button size="sm" icon={<ShellIcon name="copy" />} onClick={() => void copy()}>
          {copied ? 'Copied' : 'Copy'}
        </Button>
      </p>
    </div>
  );
}

/**
 * An OAuth endpoint's sign-in: the status line ("Signed in as … · expires 14:05", "Not signed
 * in", "Sign-in expired"), Sign in / Sign out / Cancel, and the prompt while signing in.
 */
export function SignInControls({ endpointId, name }: Readonly<{ endpointId: string; name: string }>) {
  const { status, busy, error, store } = useOAuthStatus(endpointId);
  const signingIn = busy === 'signing-in' || status?.state === 'signing-in';
  return (
    <div className="oauth-controls" data-testid="oauth-controls">
      <p className="oauth-status" role="status" data-testid="oauth-status" data-state={status?.state ?? 'signed-out'}>
        <ShellIcon name="key" /> {oauthStatusLine(signingIn ? { endpointId, state: 'signing-in' } : status)}
      </p>
      <div className="oauth-actions" role="group" aria-label={`Sign-in for ${name}`}>
        {signingIn ? (
          <Button size="sm" onClick={() => void store.cancel(endpointId)}>
            Cancel sign-in
          </Button>
        ) : (
          <Button
            size="sm"
            variant={status?.state === 'signed-in' ? 'secondary' : 'primary'}
            data-testid="oauth-sign-in"
            onClick={() => void store.signIn(endpointId)}
          >
            {hasGrant(status) ? 'Sign in again' : 'Sign in'}
          </Button>
        )}
        {hasGrant(status) && !signingIn && (
          <Button
            size="sm"
            variant="ghost"
            busy={busy === 'signing-out'}
            data-testid="oauth-sign-out"
            onClick={() => void store.signOut(endpointId)}
          >
            Sign out
          </Button>
        )}
      </div>
      {signingIn && status?.prompt && <PromptView prompt={status.prompt} />}
      {(error ?? status?.error) && !signingIn && (
        <p className="oauth-error" role="alert">
          {error ?? status?.error}
        </p>
      )}
    </div>
  );
}
