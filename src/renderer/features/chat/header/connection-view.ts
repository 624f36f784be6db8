/** What the header's connection badge says for a session. Pure. */
import type { SessionSummary } from '../../../../shared/domain/history';
import type { SessionState } from '../../../../shared/domain/session';
import type { Tone } from '../../../ui/Badge';

export interface ConnectionView {
  readonly key:
    'connected' | 'connecting' | 'reconnecting' | 'recovering' | 'failed' | 'detached' | 'read-only' | 'offline';
  readonly label: string;
  readonly tone: Tone;
  /** Longer explanation (tooltip and screen readers). */
  readonly detail?: string;
}

export function connectionView(
  connection: SessionState['connection'],
  detached: string | null,
  summary: SessionSummary | undefined,
): ConnectionView {
  if (summary?.readOnly && !detached)
    return { key: 'read-only', label: 'Read-only', tone: 'neutral', detail: summary.readOnly };
  if (detached) return { key: 'detached', label: 'Detached', tone: 'danger', detail: detached };
  const detail = connection.detail;
  switch (connection.state) {
    case 'reconnecting':
      return { key: 'reconnecting', label: 'Reconnecting…', tone: 'warn', ...(detail ? { detail } : {}) };
    case 'recovering':
      return { key: 'recovering', label: 'Recovering…', tone: 'warn', ...(detail ? { detail } : {}) };
    case 'connecting':
      return { key: 'connecting', label: 'Connecting…', tone: 'warn', ...(detail ? { detail } : {}) };
    case 'offline':
      return {
        key: 'offline',
        label: 'Offline · retrying',
        tone: 'danger',
        detail:
          detail ??
          'The agent cannot be reached; ACP Desk keeps trying. Messages you send wait and go out once it is back.',
      };
    case 'failed':
      return {
        key: 'failed',
        label: 'Connection failed',
        tone: 'danger',
        detail: detail ?? 'The agent could not be reached. Check the endpoint with Test connection.',
      };
    case 'closed':
      return { key: 'offline', label: 'Disconnected', tone: 'neutral', ...(detail ? { detail } : {}) };
    default:
      if (summary && !summary.live)
        return {
          key: 'offline',
          label: 'Not attached',
          tone: 'neutral',
          detail: 'Re-attaches when the agent is reachable.',
        };
      return { key: 'connected', label: 'Connected', tone: 'ok' };
  }
}
