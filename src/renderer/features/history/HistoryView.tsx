import { useEffect, useId, useMemo, useRef } from 'react';
import { useEndpoints, useSessionCount, useSessionSummaries } from '../../state/selectors';
import { EmptyState } from '../../ui/Panel';
import { ShellIcon } from '../app-shell/shell-icons';
import { useClock } from '../navigation/use-clock';
import { historyGroups } from './history-groups';
import { HistorySession } from './HistorySession';
import { SearchResults } from './SearchResults';
import { useDebouncedSearch } from './use-debounced-search';

function SessionGroups({ now }: Readonly<{ now: number }>) {
  const endpoints = useEndpoints();
  const summaries = useSessionSummaries();
  const groups = useMemo(() => historyGroups(endpoints, summaries), [endpoints, summaries]);
  if (groups.length === 0) {
    return (
      <EmptyState title="No sessions yet">Sessions you start are kept here, with their full transcript.</EmptyState>
    );
  }
  return (
    <div className="history-groups">
      {groups.map((g) => (
        <section key={g.endpointId} className="history-group" aria-label={`Sessions on ${g.name}`}>
          <h2 className="history-group-title">
            {g.name}
            {g.removed && <span className="badge badge-neutral">removed</span>}
            <span className="count">{g.sessions.length}</span>
          </h2>
          <ul className="history-list">
            {g.sessions.map((s) => (
              <HistorySession key={s.sessionId} session={s} now={now} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

/** Every past session, grouped by endpoint, and a full-text search over their transcripts. */
export function HistoryView() {
  const titleId = useId();
  const input = useRef<HTMLInputElement>(null);
  const { text, setText, query } = useDebouncedSearch();
  const count = useSessionCount();
  const now = useClock();
  useEffect(() => {
    input.current?.focus();
  }, []);
  return (
    <article className="history-view" data-testid="history-view" aria-labelledby={titleId}>
      <header className="history-header">
        <div>
          <h1 id={titleId} className="details-title">
            History
          </h1>
          <p className="muted">
            {count} {count === 1 ? 'session' : 'sessions'} with a transcript on this machine.
          </p>
        </div>
        <label className="history-search">
          <ShellIcon name="search" />
          <span className="visually-hidden">Search transcripts</span>
          <input
            ref={input}
            type="search"
            className="history-search-input"
            data-testid="history-search"
            placeholder="Search transcripts…"
            value={text}
            spellCheck={false}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => e.key === 'Escape' && text && (e.preventDefault(), setText(''))}
          />
        </label>
      </header>
      {query && <SearchResults query={query} now={now} />}
      {query && <h2 className="history-section-title">All sessions</h2>}
      <SessionGroups now={now} />
    </article>
  );
}
