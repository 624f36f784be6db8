import { useShallowSession } from './use-header-state';
import { connectionView } from './connection-view';
import { useSessionSummary } from '../session-hooks';

/** Dot + label; failures and detaches show their reason next to it, not only in a tooltip. */
export function ConnectionBadge({ sessionId }: Readonly<{ sessionId: string }>) {
  const { connection, detached } = useShallowSession(sessionId);
  const summary = useSessionSummary(sessionId);
  if (!connection) return null;
  const view = connectionView(connection, detached ?? null, summary);
  const showDetail = view.detail && (view.key === 'failed' || view.key === 'detached' || view.key === 'read-only');
  return (
    <span className={`conn conn-${view.tone}`} data-testid="connection-state" data-state={view.key} title={view.detail}>
      <span className={`dot dot-${view.tone}`} aria-hidden="true" />
      <span className="conn-label">{view.label}</span>
      {showDetail && <span className="conn-detail">{view.detail}</span>}
    </span>
  );
}
