/**
 * The one status model (issue 13, "one truthful status"): every badge — the sidebar's endpoint
 * and session rows, the chat header, the side panel's "State", the endpoint page — is derived
 * here from the endpoint's connection status in the store plus, for a session, its attach
 * state. The session's own copy of the connection state is not read: it is what went stale
 * ("Connection failed" after recovery) while the endpoint said something else. Pure.
 */
import type { EndpointStatus } from '../../shared/domain/history';
import { classifyFailure, type FailureDetails } from '../../shared/errors/failure-class';
import type { Tone } from '../ui/Badge';
import { asSentence } from './error-text';

export type StatusKey =
  | 'connected'
  | 'connecting'
  | 'reconnecting'
  | 'recovering'
  | 'offline'
  | 'failed'
  | 'closed'
  | 'idle'
  /** Session only: its history is being replayed onto a new connection (session/load). */
  | 'reattaching'
  /** Session only: the agent can no longer continue it. */
  | 'detached'
  /** Session only: the endpoint is up but this session is not attached to it. */
  | 'not-attached'
  | 'read-only';

export interface StatusView {
  readonly key: StatusKey;
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

/** What the renderer knows of a session's attachment (summary + folded state). */
export interface SessionAttach {
  /** Attached to a live connection right now (SessionSummary.live). */
  readonly live: boolean;
  readonly readOnly: string | null;
  /** Why the agent could no longer continue it (SessionState.detached). */
  readonly detached: string | null;
  /** A session/load replay is being folded (SessionState.replay is set). */
  readonly replaying: boolean;
}

export interface StatusInput {
  readonly endpoint: EndpointStatus | undefined;
  /** Absent for the endpoint's own badges. */
  readonly session?: SessionAttach;
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

function endpointView(status: EndpointStatus | undefined): StatusView {
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
      return { key: 'closed', label: 'Disconnected', tone: 'neutral', ...withDetail };
    default:
      return { key: 'idle', label: 'Not connected', tone: 'neutral' };
  }
}

/** The session's part: its own facts first (read-only, detached, re-attaching, not attached), else its endpoint's state. */
function sessionView(endpoint: StatusView, a: SessionAttach): StatusView {
  if (a.readOnly && !a.detached) return { key: 'read-only', label: 'Read-only', tone: 'neutral', detail: a.readOnly };
  if (a.detached) return { key: 'detached', label: 'Detached', tone: 'danger', detail: asSentence(a.detached) };
  if (a.replaying && (endpoint.key === 'connected' || endpoint.key === 'recovering'))
    return {
      key: 'reattaching',
      label: 'Re-attaching…',
      tone: 'warn',
      detail: 'The agent is replaying this session onto the new connection.',
    };
  // Not attached is this session's own fact: the endpoint's trouble is said by the endpoint's
  // row, not by every past session of it in the history.
  if (!a.live)
    return {
      key: 'not-attached',
      label: 'Not attached',
      tone: 'neutral',
      detail: 'Re-attaches when the agent is reachable.',
    };
  // Connecting, reconnecting, recovering, offline, failed, closed: the session says what its endpoint says.
  return endpoint;
}

export function statusModel(input: StatusInput): StatusView {
  const endpoint = endpointView(input.endpoint);
  return input.session ? sessionView(endpoint, input.session) : endpoint;
}
