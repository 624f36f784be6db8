/** How an endpoint's live connection reads in the sidebar and the details pane. Pure. */
import type { EndpointStatus } from '../../../shared/domain/history';
import { asSentence } from '../../state/error-text';
import type { Tone } from '../../ui/Badge';

export interface StatusView {
  readonly key: 'connected' | 'connecting' | 'reconnecting' | 'recovering' | 'offline' | 'failed' | 'detached' | 'idle';
  readonly label: string;
  readonly tone: Tone;
  /** The reason or detail, as a sentence (tooltip, failed state). */
  readonly detail?: string;
}

export function endpointStatusView(status: EndpointStatus | undefined): StatusView {
  const detail = status?.detail ? asSentence(status.detail) : undefined;
  const withDetail = detail ? { detail } : {};
  switch (status?.state) {
    case 'connected':
      return { key: 'connected', label: 'Connected', tone: 'ok', ...withDetail };
    case 'connecting':
      return { key: 'connecting', label: 'Connecting…', tone: 'warn', ...withDetail };
    case 'reconnecting':
      return {
        key: 'reconnecting',
        label: status.attempt ? `Reconnecting (attempt ${status.attempt})` : 'Reconnecting…',
        tone: 'warn',
        ...withDetail,
      };
    case 'recovering':
      return { key: 'recovering', label: 'Recovering…', tone: 'warn', ...withDetail };
    case 'offline':
      return {
        key: 'offline',
        label: status.retryEveryMs ? `Offline · retrying every ${Math.round(status.retryEveryMs / 1000)} s` : 'Offline',
        tone: 'danger',
        detail: detail ?? 'The agent cannot be reached; ACP Desk keeps trying.',
      };
    case 'failed':
      return {
        key: 'failed',
        label: 'Failed',
        tone: 'danger',
        detail: detail ?? 'The agent could not be reached. Check the endpoint with Test connection.',
      };
    case 'closed':
      return { key: 'detached', label: 'Detached', tone: 'neutral', ...withDetail };
    default:
      return { key: 'idle', label: 'Not connected', tone: 'neutral' };
  }
}

/** "ACP Desk demo agent 0.1.0" when the agent has said who it is. */
export function agentLine(status: EndpointStatus | undefined): string | null {
  const info = status?.agentInfo;
  if (!info) return null;
  return `${info.title || info.name} ${info.version}`.trim();
}
