import { useSessionStatus } from '../../../state/selectors';
import { ErrorDetails } from '../../../ui/ErrorDetails';

/**
 * Dot + label from the one status model (the endpoint's state plus this session's attach
 * state), so it says what the sidebar and the side panel say. A failure shows its classified
 * sentence next to it (truncating, whole in the tooltip) and its raw text behind "Details".
 */
export function ConnectionBadge({ sessionId }: Readonly<{ sessionId: string }>) {
  const view = useSessionStatus(sessionId);
  const shown = view.headline ?? view.detail;
  const showDetail =
    shown && (view.key === 'failed' || view.key === 'offline' || view.key === 'detached' || view.key === 'read-only');
  const tooltip = [view.headline ?? view.detail, view.nextStep].filter(Boolean).join(' ') || undefined;
  return (
    <>
      <span className={`conn conn-${view.tone}`} data-testid="connection-state" data-state={view.key} title={tooltip}>
        <span className={`dot dot-${view.tone}`} aria-hidden="true" />
        <span className="conn-label">{view.label}</span>
        {showDetail && <span className="conn-detail">{shown}</span>}
      </span>
      {view.failure && <ErrorDetails details={view.failure} />}
    </>
  );
}
