import type { SearchHit } from '../../../shared/domain/history';
import { useEndpoints, useSessionSearch, useSessionSummaries } from '../../state/selectors';
import { useAppStore } from '../../state/store-context';
import { ErrorNote } from '../../ui/Panel';
import { Spinner } from '../../ui/Spinner';
import { fullTime, relativeTime } from '../navigation/relative-time';
import { groupHits } from './history-groups';
import { Highlight } from './Highlight';
import { requestEntryFocus } from '../chat/list/focus-request';

const KIND_LABEL: Readonly<Record<string, string>> = {
  user: 'You',
  agent: 'Agent',
  thought: 'Thought',
  tool_call: 'Tool',
};

function Hit({ hit, query }: Readonly<{ hit: SearchHit; query: string }>) {
  const store = useAppStore();
  return (
    <li>
      <button
        type="button"
        className="search-hit"
        data-testid="search-hit"
        data-session-id={hit.sessionId}
        onClick={() => {
          requestEntryFocus(hit.sessionId, hit.entryId);
          void store.sessions.openSession(hit.sessionId);
        }}
      >
        <span className="search-hit-kind">{KIND_LABEL[hit.kind] ?? hit.kind}</span>
        <span className="search-hit-excerpt">
          <Highlight text={hit.excerpt} query={query} />
        </span>
      </button>
    </li>
  );
}

/** Hits of the last search that matches what is in the box, one card per session. */
export function SearchResults({ query, now }: Readonly<{ query: string; now: number }>) {
  const search = useSessionSearch();
  const endpoints = useEndpoints();
  const summaries = useSessionSummaries();
  const current = search.query === query;
  const settled = current && !search.busy;
  const groups = current ? groupHits(search.hits, endpoints, summaries) : [];
  return (
    <section className="history-results" aria-label="Search results" aria-busy={!settled}>
      <p className="history-results-status" role="status">
        {!settled ? (
          <>
            <Spinner /> Searching…
          </>
        ) : search.error ? null : search.hits.length === 0 ? (
          `No transcript mentions “${query}”.`
        ) : (
          `${search.hits.length} ${search.hits.length === 1 ? 'match' : 'matches'} in ${groups.length} ${groups.length === 1 ? 'session' : 'sessions'}`
        )}
      </p>
      {settled && search.error && <ErrorNote message={search.error.message} nextStep={search.error.nextStep} />}
      {groups.length > 0 && (
        <ul className="search-groups">
          {groups.map((g) => (
            <li key={g.sessionId} className="search-group" aria-label={g.title || 'Untitled session'}>
              <div className="search-group-head">
                <span className={g.title ? 'search-group-title' : 'search-group-title untitled'}>
                  {g.title || 'Untitled session'}
                </span>
                <span className="search-group-meta">
                  {g.endpointName} ·{' '}
                  <time dateTime={new Date(g.at).toISOString()} title={fullTime(g.at)}>
                    {relativeTime(g.at, now)}
                  </time>
                </span>
              </div>
              <ul className="search-hits">
                {g.hits.map((h) => (
                  <Hit key={h.entryId} hit={h} query={query} />
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
