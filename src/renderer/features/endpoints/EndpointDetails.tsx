import { useId, useState } from 'react';
import type { SavedEndpoint } from '../../../shared/domain/endpoint';
import {
  useEndpointStatus,
  useEndpointsLoad,
  useFailureShownElsewhere,
  useProbeIfAny,
  useSaveNotice,
  useSelectedEndpoint,
} from '../../state/selectors';
import { useAppStore } from '../../state/store-context';
import { Badge, StatusDot } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/Panel';
import { ShellIcon } from '../app-shell/shell-icons';
import { CapabilityDriftNote } from './CapabilityDriftNote';
import { DiagnoseSection } from './diagnose/DiagnoseSection';
import { addEndpoint, editEndpoint, newSession } from '../navigation/app-actions';
import { shortcutLabels } from '../navigation/shortcuts';
import { EndpointSettings } from './EndpointSettings';
import { isPlainHttpToRemote, transportName } from './endpoint-view';
import { ProbePanel } from './ProbePanel';
import { ProvidersSection } from './ProvidersSection';
import { RecentSessions } from './RecentSessions';
import { SessionStartAlert } from './SessionStartAlert';
import { SignInControls } from './oauth/SignInControls';
import { withTestResult } from './live-agent-view';
import { agentLine, endpointStatusView } from './status-view';
import { TestConnectionButton } from './TestConnectionButton';

/**
 * The connection's state, and for a failed connection its reason and next step, unless the
 * same screen already says why (a failed "New session" above, a failed test in the Agent card).
 */
function StatusLine({ endpointId }: Readonly<{ endpointId: string }>) {
  const status = useEndpointStatus(endpointId);
  const saidElsewhere = useFailureShownElsewhere(endpointId);
  const probe = useProbeIfAny(endpointId);
  const view = withTestResult(endpointStatusView(status), probe);
  const agent = agentLine(status);
  const reason = view.key === 'failed' && !saidElsewhere ? (view.headline ?? view.detail) : undefined;
  return (
    <p className="details-status" data-status={view.key}>
      <StatusDot tone={view.tone} />
      <span>{view.label}</span>
      {agent && <span className="muted">· {agent}</span>}
      {status?.transport && <span className="muted">· {transportName(status.transport)}</span>}
      {reason && (
        <span className="details-status-detail" data-testid="details-status-reason">
          — {reason}
          {view.nextStep && <span className="muted"> {view.nextStep}</span>}
        </span>
      )}
    </p>
  );
}

/** What the last save did besides saving, e.g. "re-enter the API key for the new host". */
function SaveNotice({ endpointId }: Readonly<{ endpointId: string }>) {
  const notice = useSaveNotice(endpointId);
  if (!notice) return null;
  return (
    <p className="details-notice" role="status" data-testid="endpoint-save-notice">
      {notice}
    </p>
  );
}

function Header({ endpoint, titleId }: Readonly<{ endpoint: SavedEndpoint; titleId: string }>) {
  const store = useAppStore();
  const [starting, setStarting] = useState(false);
  const start = async () => {
    setStarting(true);
    await newSession(store, endpoint.id);
    setStarting(false);
  };
  return (
    <header className="details-header">
      <div className="details-heading">
        <div className="details-title-row">
          <h1 id={titleId} className="details-title">
            {endpoint.name}
          </h1>
          {endpoint.builtin && (
            <Badge tone="accent" title="The scripted agent built into ACP Desk">
              demo
            </Badge>
          )}
          {isPlainHttpToRemote(endpoint.url) && (
            <Badge tone="warn" title="Traffic to this agent, including header values, is not encrypted">
              unencrypted
            </Badge>
          )}
        </div>
        <p className="details-url mono">{endpoint.url}</p>
        <StatusLine endpointId={endpoint.id} />
        <SaveNotice endpointId={endpoint.id} />
      </div>
      <div className="details-actions">
        <Button
          variant="primary"
          className="btn-lg"
          icon={<ShellIcon name="chat" />}
          busy={starting}
          data-testid="details-new-session"
          aria-keyshortcuts="Control+N Meta+N"
          title={`New session (${shortcutLabels('newSession')[0]})`}
          onClick={() => void start()}
        >
          New session
        </Button>
        <TestConnectionButton endpointId={endpoint.id} />
        <Button
          icon={<ShellIcon name="pencil" />}
          data-testid="endpoint-edit"
          onClick={() => editEndpoint(store, endpoint.id)}
        >
          Edit
        </Button>
      </div>
    </header>
  );
}

/** The main pane for an endpoint: start a session, its status, recent sessions, agent and settings. */
export function EndpointDetails() {
  const titleId = useId();
  const store = useAppStore();
  const endpoint = useSelectedEndpoint();
  const { loaded, loadError } = useEndpointsLoad();
  if (!endpoint) {
    if (!loaded && !loadError) return null;
    return (
      <div className="details-empty">
        {loaded ? (
          <EmptyState title="No endpoint selected">
            <p>Pick an endpoint on the left, or add the agent you want to talk to.</p>
            <Button variant="primary" icon={<ShellIcon name="plus" />} onClick={() => addEndpoint(store)}>
              Add endpoint
            </Button>
          </EmptyState>
        ) : (
          <EmptyState title="Endpoints are not loaded">The list on the left says what went wrong.</EmptyState>
        )}
      </div>
    );
  }
  return (
    <article className="details" aria-labelledby={titleId} data-testid="endpoint-details">
      <Header endpoint={endpoint} titleId={titleId} />
      <SessionStartAlert endpoint={endpoint} />
      {endpoint.auth?.kind === 'oauth' && <SignInControls endpointId={endpoint.id} name={endpoint.name} />}
      <div className="details-body">
        <RecentSessions endpointId={endpoint.id} />
        <CapabilityDriftNote endpointId={endpoint.id} />
        <ProbePanel endpoint={endpoint} />
        <DiagnoseSection key={endpoint.id} endpoint={endpoint} />
        <EndpointSettings endpoint={endpoint} />
        <ProvidersSection endpoint={endpoint} />
      </div>
    </article>
  );
}
