/**
 * "Model providers" on the endpoint page (issue 14), only when the agent advertises
 * `providers`: each provider with its current API type and base URL (`providers/list`), Switch
 * (`providers/set`, ProviderForm.tsx) and Disable for an optional one (`providers/disable`).
 * Nothing here is stored by ACP Desk: the agent is asked again after every change.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ProviderInfo } from '@agentclientprotocol/sdk/unstable';
import type { SavedEndpoint } from '../../../shared/domain/endpoint';
import type { ErrorText } from '../../state/error-text';
import { useEndpointOffers } from '../../state/selectors';
import { useAppStore } from '../../state/store-context';
import { Badge } from '../../ui/Badge';
import { ErrorNote, Panel } from '../../ui/Panel';
import { ProviderForm, type ProviderDraft } from './ProviderForm';

type Listing = { readonly providers: ProviderInfo[] } | { readonly error: ErrorText } | null;

export function ProvidersSection({ endpoint }: Readonly<{ endpoint: SavedEndpoint }>) {
  const offered = useEndpointOffers(endpoint.id, 'providers');
  if (!offered) return null;
  return <Providers key={endpoint.id} endpointId={endpoint.id} />;
}

function Providers({ endpointId }: Readonly<{ endpointId: string }>) {
  const store = useAppStore();
  const [listing, setListing] = useState<Listing>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorText | null>(null);
  const reload = useCallback(async () => {
    setListing(await store.sessionOps.providers(endpointId));
  }, [store, endpointId]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const change = async (command: () => Promise<ErrorText | null>) => {
    setBusy(true);
    setError(null);
    const failed = await command();
    setBusy(false);
    setError(failed);
    if (failed) return;
    setEditing(null);
    await reload();
  };
  const save = (providerId: string, draft: ProviderDraft) =>
    void change(() => store.sessionOps.setProvider({ id: endpointId, providerId, ...draft }));
  const disable = (providerId: string) => void change(() => store.sessionOps.disableProvider(endpointId, providerId));

  return (
    <Panel title="Model providers" testId="providers-section">
      {listing === null && <p className="muted">Asking the agent for its providers…</p>}
      {listing && 'error' in listing && (
        <ErrorNote message={listing.error.message} nextStep={listing.error.nextStep} testId="providers-error" />
      )}
      {listing && 'providers' in listing && listing.providers.length === 0 && (
        <p className="muted">The agent lists no model providers.</p>
      )}
      {listing && 'providers' in listing && listing.providers.length > 0 && (
        <ul className="provider-list" aria-label="Model providers">
          {listing.providers.map((p) => (
            <ProviderRow
              key={p.providerId}
              provider={p}
              busy={busy}
              editing={editing === p.providerId}
              onEdit={() => setEditing(p.providerId)}
              onCancel={() => setEditing(null)}
              onSave={(draft) => save(p.providerId, draft)}
              onDisable={() => disable(p.providerId)}
            />
          ))}
        </ul>
      )}
      {error && <ErrorNote message={error.message} nextStep={error.nextStep} testId="provider-change-error" />}
    </Panel>
  );
}

function ProviderRow({
  provider,
  busy,
  editing,
  onEdit,
  onCancel,
  onSave,
  onDisable,
}: Readonly<{
  provider: ProviderInfo;
  busy: boolean;
  editing: boolean;
  onEdit: () => void;
  onCancel: () => void;
  onSave: (draft: ProviderDraft) => void;
  onDisable: () => void;
}>) {
  const current = provider.current ?? null;
  return (
    <li className="provider-row" data-testid="provider-row" data-provider-id={provider.providerId}>
      <div className="provider-summary">
        <span className="provider-name mono">{provider.providerId}</span>
        {provider.required && <Badge tone="neutral">required</Badge>}
        <span className="provider-current" data-testid="provider-current">
          {current ? (
            <>
              <span className="mono">{current.apiType}</span> · <span className="mono">{current.baseUrl}</span>
            </>
          ) : (
            <span className="muted">Disabled</span>
          )}
        </span>
        {!editing && (
          <button
            type="button"
            className="btn btn-secondary btn-sm"
            data-testid="provider-switch"
            aria-label={`Switch ${provider.providerId}`}
            onClick={onEdit}
          >
            Switch…
          </button>
        )}
        {current && !provider.required && (
          <button
            type="button"
            className="btn btn-ghost btn-sm"
            data-testid="provider-disable"
            aria-label={`Disable ${provider.providerId}`}
            disabled={busy}
            onClick={onDisable}
          >
            Disable
          </button>
        )}
      </div>
      {editing && <ProviderForm provider={provider} busy={busy} onSave={onSave} onCancel={onCancel} />}
    </li>
  );
}
