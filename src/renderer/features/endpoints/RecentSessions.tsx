import { useMemo } from 'react';
import { useSessionSummaries } from '../../state/selectors';
import { useAppStore } from '../../state/store-context';
import { Panel } from '../../ui/Panel';
import { showHistory } from '../navigation/app-actions';
import { fullTime, relativeTime } from '../navigation/relative-time';
import { newestFirst } from '../navigation/session-order';
import { shortcutLabels } from '../navigation/shortcuts';
import { useClock } from '../navigation/use-clock';
import { SessionStatusDot } from './SessionStatusDot';

const SHOWN = 6;

/** The endpoint's latest sessions, one click from reopening. */
export function RecentSessions({ endpointId }: Readonly<{ endpointId: string }>) {
  const store = useAppStore();
  const summaries = useSessionSummaries();
  const now = useClock();
  const sessions = useMemo(
    () => newestFirst(summaries.filter((s) => s.endpointId === endpointId)),
    [summaries, endpointId],
  );
  const more =
    sessions.length > SHOWN ? (
      <button type="button" className="link-btn" onClick={() => showHistory(store)}>
        All {sessions.length} in history
      </button>
    ) : undefined;
  return (
    <Panel title="Recent sessions" actions={more}>
      {sessions.length === 0 ? (
        <p className="muted">
          No sessions yet. Start one with <strong>New session</strong> ({shortcutLabels('newSession')[0]}).
        </p>
      ) : (
        <ul className="recent-sessions">
          {sessions.slice(0, SHOWN).map((s) => (
            <li key={s.sessionId}>
              <button
                type="button"
                className="recent-session"
                onClick={() => void store.sessions.openSession(s.sessionId)}
              >
                <SessionStatusDot sessionId={s.sessionId} />
                <span className={s.title ? 'recent-session-title' : 'recent-session-title untitled'}>
                  {s.title || 'Untitled session'}
                </span>
                {s.readOnly && <span className="badge badge-neutral">read-only</span>}
                <span className="recent-session-time" title={fullTime(s.lastActivity)}>
                  {relativeTime(s.lastActivity, now)}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
