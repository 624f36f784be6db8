import { useId, type FormEvent, type ReactNode } from 'react';
import type { SavedEndpoint } from '../../../../shared/domain/endpoint';
import { useSavedEndpoint } from '../../../state/selectors';
import { useAppStore } from '../../../state/store-context';
import { EmptyState, ErrorNote } from '../../../ui/Panel';
import { openEndpoint } from '../../navigation/app-actions';
import { DiagnoseSection } from '../diagnose/DiagnoseSection';
import { EditorActions } from './EditorActions';
import { EditorProbe } from './EditorProbe';
import { GeneralFields } from './GeneralFields';
import { HeadersTable } from './HeadersTable';
import { McpServersTable } from './McpServersTable';
import { NetworkFields } from './NetworkFields';
import { SessionFields } from './SessionFields';
import { SignInFields } from './SignInFields';
import { useEndpointForm } from './use-endpoint-form';

function Section({
  title,
  description,
  children,
}: Readonly<{ title: string; description?: string; children: ReactNode }>) {
  const id = useId();
  return (
    <section className="editor-section" aria-labelledby={id}>
      <header className="editor-section-head">
        <h2 id={id} className="editor-section-title">
          {title}
        </h2>
        {description && <p className="editor-section-description">{description}</p>}
      </header>
      <div className="editor-section-body">{children}</div>
    </section>
  );
}

function EditorForm({ endpoint }: Readonly<{ endpoint: SavedEndpoint | null }>) {
  const store = useAppStore();
  const api = useEndpointForm(endpoint);
  const titleId = useId();
  const close = () =>
    endpoint
      ? openEndpoint(store, endpoint.id)
      : store.commands.showView({ kind: 'endpoint', endpointId: null, mode: 'view' });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await api.save()) store.commands.showView({ kind: 'endpoint', endpointId: null, mode: 'view' });
  };
  return (
    <form
      className="endpoint-editor"
      data-testid="endpoint-editor"
      aria-labelledby={titleId}
      noValidate
      onSubmit={(e) => void submit(e)}
    >
      <header className="editor-header">
        <h1 id={titleId} className="details-title">
          {endpoint ? endpoint.name : 'Add endpoint'}
        </h1>
        <p className="muted">
          {endpoint
            ? 'Edit the endpoint. Changes apply to new connections.'
            : 'An ACP agent reachable over Streamable HTTP or WebSocket.'}
        </p>
      </header>
      <div className="editor-grid">
        <div className="editor-main">
          <Section title="Connection">
            <GeneralFields api={api} autoFocus={endpoint === null} />
          </Section>
          <Section
            title="Headers"
            description="Sent with every request. Secret values are encrypted at rest, redacted from traffic, and never shown again."
          >
            <HeadersTable api={api} />
          </Section>
          <Section
            title="MCP servers"
            description="Sent to the agent with each new or resumed session. Secret values are encrypted at rest and never shown again."
          >
            <McpServersTable api={api} endpointId={endpoint?.id ?? null} />
          </Section>
          <Section
            title="Sign-in"
            description="OAuth for agents behind an authorization server. Tokens are encrypted at rest, sent only in the Authorization header, and never shown."
          >
            <SignInFields api={api} endpoint={endpoint} />
          </Section>
          <Section
            title="Network"
            description="Proxy and TLS for this endpoint. Passwords, keys and passphrases are encrypted at rest and never shown again."
          >
            <NetworkFields api={api} />
          </Section>
          <Section title="Sessions">
            <SessionFields api={api} />
          </Section>
          {api.formError && (
            <ErrorNote message={api.formError.message} nextStep={api.formError.nextStep} testId="endpoint-save-error" />
          )}
        </div>
        <EditorProbe endpoint={endpoint} api={api} />
        {endpoint && (
          <DiagnoseSection
            endpoint={endpoint}
            hint="It runs on the saved settings: save first to include your changes."
          />
        )}
      </div>
      <EditorActions endpoint={endpoint} api={api} onCancel={close} />
    </form>
  );
}

/** Adds an endpoint (`endpointId` null) or edits a saved one. */
export function EndpointEditor({ endpointId }: Readonly<{ endpointId: string | null }>) {
  const endpoint = useSavedEndpoint(endpointId);
  if (endpointId && !endpoint) {
    return (
      <div className="details-empty">
        <EmptyState title="This endpoint no longer exists">It may have been removed in another window.</EmptyState>
      </div>
    );
  }
  return <EditorForm key={endpoint?.id ?? 'new'} endpoint={endpoint} />;
}
