import { useState } from 'react';
import type { SessionSummary } from '../../../shared/domain/history';
import { useAppStore } from '../../state/store-context';
import { ShellIcon } from '../app-shell/shell-icons';
import { statusDotClass } from '../endpoints/SessionStatusDot';
import { exportSession } from '../navigation/app-actions';
import { fullTime, relativeTime } from '../navigation/relative-time';
import { useSessionError, useSessionStatus } from '../../state/selectors';

function ExportButton({ session, format }: Readonly<{ session: SessionSummary; format: 'markdown' | 'json' }>) {
  const store = useAppStore();
  const [busy, setBusy] = useState(false);
  const label = format === 'markdown' ? 'Markdown' : 'JSON';
  const ext = format === 'markdown' ? '.md' : '.json';
  const run = async () => {
    setBusy(true);
    await exportSession(store, session.sessionId, format);
    setBusy(false);
  };
  return (
    <button
      type="button"
      className="icon-btn history-export"
      data-testid={format === 'markdown' ? 'export-markdown-history' : 'export-json-history'}
      aria-label={`Export “${session.title || 'Untitled session'}” as ${ext} (${label})`}
      aria-busy={busy || undefined}
      title={`Download as ${label}`}
      disabled={busy}
      onClick={() => void run()}
    >
      {busy ? <span className="spinner spinner-xs" aria-hidden="true" /> : <ShellIcon name="download" />}
      <span>{ext}</span>
    </button>
  );
}

/** One past session: reopen it (the row) or download it as Markdown or JSON. */
export function HistorySession({ session, now }: Readonly<{ session: SessionSummary; now: number }>) {
  const store = useAppStore();
  const error = useSessionError(session.sessionId);
  const title = session.title || 'Untitled session';
  const status = useSessionStatus(session.sessionId);
  // "live" when attached and connected; while its connection is in trouble, what the sidebar says.
  const troubled = status.tone === 'warn' || status.tone === 'danger';
  return (
    <li className="history-row">
      <button
        type="button"
        className="history-session"
        data-testid="history-session"
        data-session-id={session.sessionId}
        onClick={() => void store.sessions.openSession(session.sessionId)}
      >
        <span className={statusDotClass(status)} aria-hidden="true" />
        <span className="history-session-text">
          <span className={session.title ? 'history-session-title' : 'history-session-title untitled'}>{title}</span>
          <span className="history-session-meta">
            {status.key === 'connected' && <span className="history-live">live</span>}
            {troubled && <span className="history-live">{status.label}</span>}
            {session.cwd && <span className="mono">{session.cwd}</span>}
            <time dateTime={new Date(session.lastActivity).toISOString()} title={fullTime(session.lastActivity)}>
              {relativeTime(session.lastActivity, now)}
            </time>
          </span>
          {session.readOnly && (
            <span className="history-readonly">
              <ShellIcon name="lock" />
              Read-only: {session.readOnly}
            </span>
          )}
        </span>
      </button>
      <span className="history-row-actions">
        <ExportButton session={session} format="markdown" />
        <ExportButton session={session} format="json" />
      </span>
      {error && (
        <p className="history-row-error" role="alert">
          {error.message}
        </p>
      )}
    </li>
  );
}
