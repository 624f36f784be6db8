import { useState } from 'react';
import type { SavedEndpoint } from '../../../shared/domain/endpoint';
import type { SessionSummary } from '../../../shared/domain/history';
import { useEndpointAttentionCount, useEndpointStatus, useProbeIfAny, useStartFailed } from '../../state/selectors';
import { useAppStore } from '../../state/store-context';
import { Badge, StatusDot } from '../../ui/Badge';
import { ShellIcon } from '../app-shell/shell-icons';
import { newSession, openEndpoint } from '../navigation/app-actions';
import { EndpointAttentionBadge } from './AttentionBadge';
import { EndpointMenu } from './EndpointMenu';
import { urlHost } from './endpoint-view';
import { withTestResult } from './live-agent-view';
import { SessionItem } from './SessionItem';
import { SessionStartAlert } from './SessionStartAlert';
import { agentLine, endpointStatusView, type StatusView } from './status-view';

type RowProps = Readonly<{ 'data-nav-row': string; 'data-nav-key': string; tabIndex: number }>;

type Props = Readonly<{
  endpoint: SavedEndpoint;
  sessions: readonly SessionSummary[];
  hidden: number;
  onShowAll: () => void;
  selected: boolean;
  current: boolean;
  activeSessionId: string | null;
  now: number;
  rowProps: (key: string) => RowProps;
}>;

function NewSessionButton({ endpoint }: Readonly<{ endpoint: SavedEndpoint }>) {
  const store = useAppStore();
  const [busy, setBusy] = useState(false);
  const start = async () => {
    setBusy(true);
    await newSession(store, endpoint.id);
    setBusy(false);
  };
  return (
    <button
      type="button"
      className="icon-btn endpoint-new-session"
      data-nav-action=""
      tabIndex={-1}
      data-testid="new-session"
      data-endpoint-name={endpoint.name}
      aria-label={`New session on ${endpoint.name}`}
      aria-busy={busy || undefined}
      title="New session"
      disabled={busy}
      onClick={() => void start()}
    >
      {busy ? <span className="spinner spinner-xs" aria-hidden="true" /> : <ShellIcon name="plus" />}
    </button>
  );
}

/**
 * Failed or offline, in one line under the endpoint: the classified reason (the raw text is in
 * the details pane). Offline adds a way to try again now instead of at the next slow retry.
 */
function StatusNotice({ endpointId, view }: Readonly<{ endpointId: string; view: StatusView }>) {
  const store = useAppStore();
  const line = view.headline ?? view.detail;
  const tooltip = [line, view.nextStep].filter(Boolean).join(' ');
  if (view.key === 'failed')
    return (
      <p className="endpoint-status-detail" data-testid="endpoint-status-line" title={tooltip}>
        <span className="endpoint-status-text">{line}</span>
      </p>
    );
  return (
    <p className="endpoint-status-detail" data-testid="endpoint-offline" title={tooltip}>
      <span className="endpoint-status-text">{line}</span>{' '}
      <button
        type="button"
        className="link-button"
        data-testid="retry-now"
        onClick={() => void store.commands.retryEndpoint(endpointId)}
      >
        Retry now
      </button>
    </p>
  );
}

/** An endpoint in the sidebar: live status, agent, "+" for a new session, its menu, and its sessions. */
export function EndpointNode({
  endpoint,
  sessions,
  hidden,
  onShowAll,
  selected,
  current,
  activeSessionId,
  now,
  rowProps,
}: Props) {
  const store = useAppStore();
  const status = useEndpointStatus(endpoint.id);
  const waiting = useEndpointAttentionCount(endpoint.id);
  const probe = useProbeIfAny(endpoint.id);
  const view = withTestResult(endpointStatusView(status), probe);
  const agent = agentLine(status);
  const startFailed = useStartFailed(endpoint.id);
  return (
    <li className="endpoint-node" data-endpoint-id={endpoint.id}>
      <div className="endpoint-row" data-nav-group="" data-selected={selected || undefined}>
        <button
          type="button"
          {...rowProps(`e:${endpoint.id}`)}
          className="endpoint-item"
          data-testid="endpoint-item"
          data-endpoint-name={endpoint.name}
          data-endpoint-id={endpoint.id}
          data-status={view.key}
          aria-current={current ? 'page' : undefined}
          title={view.detail ? `${view.label}: ${view.headline ?? view.detail}` : undefined}
          onClick={() => openEndpoint(store, endpoint.id)}
        >
          <StatusDot tone={view.tone} />
          <span className="endpoint-item-text">
            <span className="endpoint-item-name">
              <span className="endpoint-item-label">{endpoint.name}</span>
              {endpoint.builtin && <Badge tone="accent">demo</Badge>}
              {waiting > 0 && <EndpointAttentionBadge count={waiting} />}
            </span>
            <span className="endpoint-item-meta">
              <span className={`endpoint-item-status status-${view.key}`}>{view.label}</span>
              <span className="endpoint-item-host">{agent ?? urlHost(endpoint.url)}</span>
            </span>
          </span>
        </button>
        <NewSessionButton endpoint={endpoint} />
        <EndpointMenu endpoint={endpoint} offline={view.key === 'offline'} />
      </div>
      {/*
        At most one line per endpoint: a failed "New session" says it, else the connection's state;
        none while the main pane shows this endpoint, which says it in full (offline keeps its
        "Retry now", the one action the pane does not offer).
      */}
      {!startFailed && ((view.key === 'failed' && view.detail && !current) || view.key === 'offline') && (
        <StatusNotice endpointId={endpoint.id} view={view} />
      )}
      {!current && <SessionStartAlert endpoint={endpoint} compact />}
      {sessions.length > 0 && (
        <ul className="session-list" aria-label={`Sessions on ${endpoint.name}`}>
          {sessions.map((s) => (
            <SessionItem
              key={s.sessionId}
              session={s}
              active={s.sessionId === activeSessionId}
              now={now}
              rowProps={rowProps(`s:${s.sessionId}`)}
            />
          ))}
          {hidden > 0 && (
            <li className="session-node">
              <button type="button" {...rowProps(`m:${endpoint.id}`)} className="session-more" onClick={onShowAll}>
                Show {hidden} more
              </button>
            </li>
          )}
        </ul>
      )}
    </li>
  );
}
