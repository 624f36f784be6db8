import { useEffect, useRef, useState } from 'react';
import type { SavedEndpoint } from '../../../../shared/domain/endpoint';
import type { ErrorText } from '../../../state/error-text';
import { useAppStore } from '../../../state/store-context';
import { Button } from '../../../ui/Button';
import { ErrorNote } from '../../../ui/Panel';
import { ShellIcon } from '../../app-shell/shell-icons';
import type { EndpointFormApi } from './use-endpoint-form';

function RemoveConfirm({
  endpoint,
  onKeep,
  onError,
}: Readonly<{ endpoint: SavedEndpoint; onKeep: () => void; onError: (e: ErrorText) => void }>) {
  const store = useAppStore();
  const keep = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    keep.current?.focus();
  }, []);
  const remove = async () => {
    setBusy(true);
    const error = await store.commands.removeEndpoint(endpoint.id);
    setBusy(false);
    if (error) return onError(error);
    store.commands.showView({ kind: 'endpoint', endpointId: null, mode: 'view' });
  };
  return (
    <div
      className="remove-confirm"
      role="alertdialog"
      aria-label={`Remove ${endpoint.name}`}
      onKeyDown={(e) => e.key === 'Escape' && onKeep()}
    >
      <p>
        Remove <strong>{endpoint.name}</strong>? Its sessions stay in the history, read-only.
      </p>
      <button
        type="button"
        className="btn btn-danger btn-sm"
        data-testid="endpoint-remove-confirm"
        disabled={busy}
        aria-busy={busy || undefined}
        onClick={() => void remove()}
      >
        {busy && <span className="spinner" aria-hidden="true" />}
        <span className="btn-label">Remove</span>
      </button>
      <button ref={keep} type="button" className="btn btn-secondary btn-sm" onClick={onKeep}>
        Keep
      </button>
    </div>
  );
}

/** Duplicate and Remove (saved endpoints only) on the left; Cancel and Save on the right. */
export function EditorActions({
  endpoint,
  api,
  onCancel,
}: Readonly<{ endpoint: SavedEndpoint | null; api: EndpointFormApi; onCancel: () => void }>) {
  const store = useAppStore();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<ErrorText | null>(null);
  const removeButton = useRef<HTMLButtonElement>(null);
  const duplicate = async () => {
    if (!endpoint) return;
    setError(null);
    const outcome = await store.commands.duplicateEndpoint(endpoint.id);
    if (outcome.ok) store.commands.showView({ kind: 'endpoint', endpointId: outcome.endpoint.id, mode: 'edit' });
    else setError(outcome.error);
  };
  const keep = () => {
    setConfirming(false);
    setTimeout(() => removeButton.current?.focus(), 0);
  };
  return (
    <footer className="editor-footer">
      {error && <ErrorNote message={error.message} nextStep={error.nextStep} />}
      {endpoint && confirming && (
        <RemoveConfirm endpoint={endpoint} onKeep={keep} onError={(e) => (setConfirming(false), setError(e))} />
      )}
      <div className="editor-actions">
        {endpoint && (
          <>
            <Button
              variant="ghost"
              icon={<ShellIcon name="copy" />}
              data-testid="endpoint-duplicate"
              title="Save a copy (secret values are not copied)"
              onClick={() => void duplicate()}
            >
              Duplicate
            </Button>
            <button
              ref={removeButton}
              type="button"
              className="btn btn-ghost btn-md btn-danger-text"
              data-testid="endpoint-remove"
              aria-expanded={confirming}
              onClick={() => setConfirming(true)}
            >
              <ShellIcon name="trash" />
              <span className="btn-label">Remove…</span>
            </button>
          </>
        )}
        <span className="editor-actions-spacer" />
        <Button onClick={onCancel}>Cancel</Button>
        <button
          type="submit"
          className="btn btn-primary btn-md"
          data-testid="endpoint-save"
          disabled={api.saving}
          aria-busy={api.saving || undefined}
        >
          {api.saving && <span className="spinner" aria-hidden="true" />}
          <span className="btn-label">{endpoint ? 'Save' : 'Add endpoint'}</span>
        </button>
      </div>
    </footer>
  );
}
