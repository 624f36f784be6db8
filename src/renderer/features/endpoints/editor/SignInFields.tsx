import { useId, useState } from 'react';
import type { SavedEndpoint } from '../../../../shared/domain/endpoint';
import { OAUTH_FLOWS, type OAuthFlow } from '../../../../shared/domain/endpoint-auth';
import { Glyph } from '../../chat/icons';
import { SignInControls } from '../oauth/SignInControls';
import { Field } from './Field';
import { SecretField } from './SecretField';
import type { EndpointFormApi } from './use-endpoint-form';

const FLOW_LABEL: Readonly<Record<OAuthFlow, string>> = {
  auto: 'Automatic (browser, or a device code where no browser can open)',
  code: 'Browser (authorization code with PKCE)',
  device: 'Device code (enter a code on another device)',
};

/**
 * The Sign-in section (issue 15): None or OAuth; for OAuth the client id (registered
 * automatically when empty), its write-only secret, scopes, and behind "Advanced" the
 * authorization server override and the flow. A saved OAuth endpoint shows its sign-in status
 * with Sign in / Sign out.
 */
export function SignInFields({ api, endpoint }: Readonly<{ api: EndpointFormApi; endpoint: SavedEndpoint | null }>) {
  const id = useId();
  const a = api.form.auth;
  const [advanced, setAdvanced] = useState(false);
  const error = api.errors['auth'];
  const savedOAuth = endpoint?.auth?.kind === 'oauth';
  return (
    <div className="signin-fields" data-testid="signin-fields">
      <fieldset className="signin-kind">
        <legend className="network-legend">Sign in with</legend>
        {(['none', 'oauth'] as const).map((kind) => (
          <label key={kind} className="radio-row">
            <input
              type="radio"
              name={`${id}-kind`}
              value={kind}
              checked={a.kind === kind}
              data-testid={`auth-kind-${kind}`}
              onChange={() => api.setAuth({ kind })}
            />{' '}
            {kind === 'none' ? 'None (headers only)' : 'OAuth'}
          </label>
        ))}
      </fieldset>
      {a.kind === 'oauth' && (
        <>
          <ClientFields api={api} id={id} />
          <Field
            id={`${id}-scopes`}
            label="Scopes"
            hint="Separated by spaces; empty asks for what the agent announces."
          >
            <input
              id={`${id}-scopes`}
              className="input mono"
              data-testid="auth-scopes"
              value={a.scopes}
              spellCheck={false}
              onChange={(e) => api.setAuth({ scopes: e.target.value })}
            />
          </Field>
          <button
            type="button"
            className="disclosure"
            aria-expanded={advanced}
            aria-controls={`${id}-advanced`}
            data-testid="auth-advanced"
            onClick={() => setAdvanced(!advanced)}
          >
            <Glyph name="chevron" className="disclosure-chevron" />
            <span>Advanced</span>
          </button>
          {advanced && <AdvancedFields api={api} id={id} />}
        </>
      )}
      {error && (
        <p className="field-error" role="alert" data-testid="auth-error">
          {error}
        </p>
      )}
      {endpoint && savedOAuth && a.kind === 'oauth' && <SignInControls endpointId={endpoint.id} name={endpoint.name} />}
      {a.kind === 'oauth' && !savedOAuth && <p className="field-hint">Save the endpoint, then sign in.</p>}
    </div>
  );
}

/** The authorization server override and the flow, behind "Advanced". */
function AdvancedFields({ api, id }: Readonly<{ api: EndpointFormApi; id: string }>) {
  const a = api.form.auth;
  return (
    <div id={`${id}-advanced`} className="signin-advanced">
      <Field
        id={`${id}-server`}
        label="Authorization server"
        hint="Overrides the one the agent names in its protected-resource metadata."
      >
        <input
          id={`${id}-server`}
          className="input mono"
          data-testid="auth-server"
          value={a.authorizationServer}
          spellCheck={false}
          placeholder="https://login.example.com"
          onChange={(e) => api.setAuth({ authorizationServer: e.target.value })}
        />
      </Field>
      <Field id={`${id}-flow`} label="Flow">
        <select
          id={`${id}-flow`}
          className="input select"
          data-testid="auth-flow"
          value={a.flow}
          onChange={(e) => api.setAuth({ flow: e.target.value as OAuthFlow })}
        >
          {OAUTH_FLOWS.map((f) => (
            <option key={f} value={f}>
              {FLOW_LABEL[f]}
            </option>
          ))}
        </select>
      </Field>
    </div>
  );
}

/** The client id and, for a confidential client, its write-only secret. */
function ClientFields({ api, id }: Readonly<{ api: EndpointFormApi; id: string }>) {
  const a = api.form.auth;
  return (
    <>
      <Field id={`${id}-client`} label="Client ID" hint="Registered automatically when empty.">
        <input
          id={`${id}-client`}
          className="input mono"
          data-testid="auth-client-id"
          value={a.clientId}
          spellCheck={false}
          placeholder="Registered automatically"
          onChange={(e) => api.setAuth({ clientId: e.target.value })}
        />
      </Field>
      {a.clientId.trim() !== '' && (
        <SecretField
          label="Client secret"
          testId="auth-client-secret"
          hint="Only for a confidential client; most desktop clients have none."
          state={{ value: a.clientSecret, stored: a.hasStoredSecret, remove: a.clearSecret }}
          onChange={(s) => api.setAuth({ clientSecret: s.value, clearSecret: s.remove })}
        />
      )}
    </>
  );
}
