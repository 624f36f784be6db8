/**
 * An elicitation in the chat (issue 14): while the agent waits, the form or the URL to open;
 * once answered, what was asked and how it ended, read-only. It sits in its tool call's card
 * when the request names one, otherwise in the conversation where it was asked.
 */
import { useState } from 'react';
import type { Entry } from '../../../../shared/domain/session';
import type { ElicitationAnswer } from '../../../../shared/elicitation/schema';
import { elicitationText } from '../../../../shared/session/timeline';
import { useAppStore } from '../../../state/store-context';
import { Glyph } from '../icons';
import { useSessionValue } from '../../../state/selectors';
import { ElicitationForm } from './ElicitationForm';
import { ElicitationUrl } from './ElicitationUrl';

type ElicitationEntry = Extract<Entry, { kind: 'elicitation' }>;

function state(entry: ElicitationEntry, pending: boolean, accepted: boolean): string {
  if (pending) return accepted ? 'waiting' : 'asking';
  if (entry.completed) return 'completed';
  return entry.outcome ?? 'ended';
}

/** Settled: one line, like a permission decision. */
function ElicitationOutcome({ entry }: Readonly<{ entry: ElicitationEntry }>) {
  const at = new Date(entry.at);
  const ok = entry.outcome === 'accept' || (entry.outcome === undefined && entry.completed);
  return (
    <div
      className={`marker marker-${ok ? 'ok' : 'neutral'}`}
      data-testid="elicitation-outcome"
      data-outcome={entry.outcome ?? ''}
      data-by={entry.by ?? ''}
      role="note"
    >
      <Glyph name={entry.request.mode === 'url' ? 'link' : 'list'} />
      <span className="visually-hidden">Agent question: </span>
      <span className="marker-text">{elicitationText(entry)}</span>
      <time className="marker-time" dateTime={at.toISOString()}>
        {at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })}
      </time>
    </div>
  );
}

export function ElicitationCard({ sessionId, entry }: Readonly<{ sessionId: string; entry: ElicitationEntry }>) {
  const store = useAppStore();
  const pending = useSessionValue(sessionId, (s) => s.elicitations?.[entry.requestId]);
  const [sent, setSent] = useState(false);
  const answer = (a: ElicitationAnswer) => {
    setSent(true);
    void store.sessions.resolveElicitation(sessionId, entry.requestId, a).finally(() => setSent(false));
  };
  const accepted = pending?.accepted === true;
  const status = state(entry, pending !== undefined, accepted);
  if (!pending) return <ElicitationOutcome entry={entry} />;
  const { request } = entry;
  return (
    <section
      className="perm elicit"
      aria-label={`The agent asks: ${request.message}`}
      data-testid="elicitation"
      data-mode={request.mode}
      data-state={status}
    >
      <p className="perm-question">
        <Glyph name={request.mode === 'url' ? 'link' : 'list'} />
        <span className="elicit-message">{request.message}</span>
      </p>
      {request.mode === 'form' ? (
        <ElicitationForm request={request} sent={sent} answer={answer} />
      ) : (
        <ElicitationUrl request={request} accepted={accepted} sent={sent} answer={answer} />
      )}
    </section>
  );
}

/** An elicitation shown inside its tool call's card, by entry id. */
export function ElicitationById({ sessionId, entryId }: Readonly<{ sessionId: string; entryId: string }>) {
  const entry = useSessionValue(sessionId, (s) => s.entries[entryId]);
  return entry?.kind === 'elicitation' ? <ElicitationCard sessionId={sessionId} entry={entry} /> : null;
}
