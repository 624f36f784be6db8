/** How an endpoint's live connection reads in the sidebar and the details pane. Pure. */
import type { EndpointStatus } from '../../../shared/domain/history';
import { classifyFailure, type FailureDetails } from '../../../shared/errors/failure-class';
import { asSentence } from '../../state/error-text';
import type { Tone } from '../../ui/Badge';

export interface StatusView {
  readonly key: 'connected' | 'connecting' | 'reconnecting' | 'recovering' | 'offline' | 'failed' | 'detached' | 'idle';
  readonly label: string;
  readonly tone: Tone;
  /** The reason or detail, as a sentence (tooltip, failed state). */
  readonly detail?: string;
  /** Failed or offline: the reason as one classified sentence (the sidebar's one line). */
  readonly headline?: string;
  /** …its next step and its raw side, for the details pane. */
  readonly nextStep?: string;
  readonly failure?: FailureDetails;
}

/**
 * A failed or offline connection's detail, classified like a failed test (failure-class.ts):
 * "Nothing is listening at 127.0.0.1:9." instead of the errno text, which moves to `failure`.
 * A detail no class recognises is shown as it is.
 */
function classified(view: StatusView, raw: string | undefined): StatusView {
  if (!raw) return view.detail ? { ...view, headline: view.detail } : view;
  const f = classifyFailure({ message: raw });
  if (f.kind === 'other') return { ...view, headline: view.detail ?? asSentence(raw) };
  return { ...view, headline: f.title, nextStep: f.nextStep, failure: f.details };
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
      return classified(
        {
          key: 'offline',
          label: status.retryEveryMs
            ? `Offline · retrying every ${Math.round(status.retryEveryMs / 1000)} s`
            : 'Offline',
          tone: 'danger',
          detail: detail ?? 'The agent cannot be reached; ACP Desk keeps trying.',
        },
        status.detail,
      );
    case 'failed':
      return classified(
        {
          key: 'failed',
          label: 'Failed',
          tone: 'danger',
          detail: detail ?? 'The agent could not be reached. Check the endpoint with Test connection.',
        },
        status.detail,
      );
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
