import type { Entry } from '../../../../shared/domain/session';
import { permissionDecisionText } from '../../../../shared/session/timeline';
import { Glyph } from '../icons';
import { isAllow } from './permission-view';

type DecisionData = Extract<Entry, { kind: 'permission' }>;

/** A settled permission request, in place in the conversation: "Allowed once: Edit facets.txt · 14:09:03". */
export function PermissionDecision({ entry }: Readonly<{ entry: DecisionData }>) {
  const allowed = entry.optionKind !== undefined && isAllow(entry.optionKind);
  const at = new Date(entry.at);
  const option = entry.optionName
    ? `Option “${entry.optionName}”${entry.optionKind ? ` (${entry.optionKind})` : ''}`
    : '';
  return (
    <div
      className={`marker marker-${allowed ? 'ok' : 'warn'}`}
      data-testid="permission-decision"
      data-outcome={entry.outcome}
      data-kind={entry.optionKind ?? ''}
      role="note"
      title={option || undefined}
    >
      <Glyph name="shield" />
      <span className="visually-hidden">Permission: </span>
      <span className="marker-text">{permissionDecisionText(entry)}</span>
      <time className="marker-time" dateTime={at.toISOString()}>
        {at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })}
      </time>
    </div>
  );
}
