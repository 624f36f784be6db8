import type { Entry } from '../../../../shared/domain/session';
import { asSentence } from '../../../state/error-text';
import { formatDuration, stopReasonNextStep, stopReasonText } from '../format';
import { Glyph, type IconName } from '../icons';

type MarkerData = Extract<Entry, { kind: 'marker' }>;
type TurnEndData = Extract<Entry, { kind: 'turn_end' }>;

const MARKER: Readonly<Record<MarkerData['marker'], { icon: IconName; tone: string; label: string }>> = {
  gap: { icon: 'alert', tone: 'warn', label: 'Stream gap' },
  recovered: { icon: 'refresh', tone: 'ok', label: 'Recovered' },
  connection_lost: { icon: 'unplug', tone: 'warn', label: 'Connection lost' },
  detached: { icon: 'unplug', tone: 'danger', label: 'Detached' },
  error: { icon: 'alert', tone: 'danger', label: 'Error' },
  notice: { icon: 'info', tone: 'neutral', label: 'Notice' },
  history_diverged: { icon: 'branch', tone: 'warn', label: 'History changed' },
};

/** Something that happened to the connection or session, in place in the conversation. */
export function MarkerEntry({ entry }: Readonly<{ entry: MarkerData }>) {
  const view = MARKER[entry.marker] ?? MARKER.notice;
  const time = new Date(entry.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return (
    <div className={`marker marker-${view.tone}`} data-testid="marker" data-marker={entry.marker} role="note">
      <Glyph name={view.icon} />
      <span className="visually-hidden">{view.label}: </span>
      <span className="marker-text">{entry.text}</span>
      <time className="marker-time" dateTime={new Date(entry.at).toISOString()}>
        {time}
      </time>
    </div>
  );
}

/** The end of a turn: why it stopped and how long it took; failures say what to do next. */
export function TurnEndEntry({ entry }: Readonly<{ entry: TurnEndData }>) {
  const failed = entry.error !== undefined;
  const reason = failed ? 'Turn failed' : stopReasonText(entry.stopReason);
  const next = failed
    ? 'Send the prompt again; if it keeps failing, check the agent with Test connection.'
    : stopReasonNextStep(entry.stopReason);
  const tone = failed ? 'danger' : entry.stopReason === 'end_turn' ? 'ok' : 'warn';
  return (
    <div className={`turn-end turn-end-${tone}`} data-testid="turn-end" data-stop-reason={entry.stopReason ?? 'error'}>
      <div className="turn-end-line">
        <span className="turn-end-rule" aria-hidden="true" />
        <span className="turn-end-text">
          <Glyph name={failed ? 'alert' : entry.stopReason === 'end_turn' ? 'check' : 'info'} />
          {reason}
          {entry.durationMs !== undefined && (
            <span className="turn-end-time"> · {formatDuration(entry.durationMs)}</span>
          )}
        </span>
        <span className="turn-end-rule" aria-hidden="true" />
      </div>
      {(failed || next) && (
        <p className="turn-end-detail">
          {failed && <span className="turn-end-error">{asSentence(entry.error ?? '')} </span>}
          {next}
        </p>
      )}
    </div>
  );
}
