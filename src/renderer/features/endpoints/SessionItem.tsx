import type { SessionSummary } from '../../../shared/domain/history';
import { useAppStore } from '../../state/store-context';
import { ShellIcon } from '../app-shell/shell-icons';
import { fullTime, relativeTime } from '../navigation/relative-time';
import { SessionAttentionBadge } from './AttentionBadge';
import { statusDotClass } from './SessionStatusDot';
import { useSessionStatus, useSummaryAttention } from '../../state/selectors';

type RowProps = Readonly<{ 'data-nav-row': string; 'data-nav-key': string; tabIndex: number }>;

/** One session under its endpoint: title, live dot, read-only lock, running spinner, last activity. */
export function SessionItem({
  session,
  active,
  now,
  rowProps,
}: Readonly<{ session: SessionSummary; active: boolean; now: number; rowProps: RowProps }>) {
  const store = useAppStore();
  const waiting = useSummaryAttention(session);
  const status = useSessionStatus(session.sessionId);
  const title = session.title || 'Untitled session';
  const states = [
    status.label,
    ...(session.turnRunning ? ['turn running'] : []),
    ...(session.readOnly ? [`read-only: ${session.readOnly}`] : []),
  ];
  return (
    <li className="session-node">
      <button
        type="button"
        {...rowProps}
        className="session-item"
        data-testid="session-item"
        data-session-id={session.sessionId}
        data-live={String(session.live)}
        data-status={status.key}
        aria-current={active ? 'page' : undefined}
        title={session.readOnly ? `${title} — read-only: ${session.readOnly}` : title}
        onClick={() => void store.sessions.openSession(session.sessionId)}
      >
        <span className={statusDotClass(status)} aria-hidden="true" />
        <span className={session.title ? 'session-item-title' : 'session-item-title untitled'}>{title}</span>
        {waiting && <SessionAttentionBadge reason={waiting} />}
        {session.turnRunning && !waiting && <span className="spinner spinner-xs" aria-hidden="true" />}
        {session.readOnly && <ShellIcon name="lock" className="session-item-lock" />}
        <time
          className="session-item-time"
          dateTime={new Date(session.lastActivity).toISOString()}
          title={fullTime(session.lastActivity)}
        >
          {relativeTime(session.lastActivity, now)}
        </time>
        <span className="visually-hidden">, {states.join(', ')}</span>
      </button>
    </li>
  );
}
