import type { AgentCapabilities, AuthMethod, Implementation, SessionInfo } from '@agentclientprotocol/sdk';
import type { SessionEventEnvelope, SessionState } from './session';
import type { AttentionReason } from './attention';
import type { CapabilityDrift } from './capability-drift';
import type { ConnectionState } from './traffic';
import type { ElicitationRequest } from '../elicitation/schema';

/** One row of the history list: a session we have a transcript of, live or not. */
export interface SessionSummary {
  readonly sessionId: string;
  readonly endpointId: string;
  readonly endpointName: string;
  readonly title: string | null;
  readonly cwd: string | null;
  /** Epoch ms of the last event. */
  readonly lastActivity: number;
  /** Attached to a live connection right now. */
  readonly live: boolean;
  /** Why it cannot be continued, if it cannot. */
  readonly readOnly: string | null;
  /** Archived on the agent (issue 14): read-only until unarchived. */
  readonly archived?: boolean;
  readonly turnRunning: boolean;
  /** Live and waiting for the person's answer (a permission or an elicitation); absent when not. */
  readonly waitingFor?: AttentionReason;
  /** Set when its transcript is partly unreadable: why, and how many lines were lost. */
  readonly damaged?: { readonly reason: string; readonly skippedLines: number };
}

export interface SessionSnapshot {
  readonly state: SessionState;
  readonly lastSeq: number;
}

/** Session events pushed to the renderer, batched (at most one push per ~16 ms). */
export interface SessionEventBatch {
  readonly sessionId: string;
  readonly events: readonly SessionEventEnvelope[];
}

export interface EndpointStatus {
  readonly endpointId: string;
  readonly state: ConnectionState;
  readonly detail?: string;
  /** Reconnect attempt in progress, if reconnecting. */
  readonly attempt?: number;
  /** Offline: the connection is rebuilt on its own this often (and on Retry now). */
  readonly retryEveryMs?: number;
  readonly agentInfo?: Implementation | null;
  readonly agentCapabilities?: AgentCapabilities;
  readonly authMethods?: readonly AuthMethod[];
  /** The agent wants `authenticate` before sessions can be created. */
  readonly authRequired?: boolean;
  readonly transport?: 'http' | 'ws';
  /** What the agent's `initialize` changed since the previous connect (issue 12), if anything. */
  readonly capabilityDrift?: CapabilityDrift;
  /** Request-scoped elicitations (no session) waiting for the person, oldest first (issue 14). */
  readonly elicitations?: readonly EndpointElicitation[];
}

/** An `elicitation/create` without a sessionId: shown as a dialog on the endpoint. */
export interface EndpointElicitation {
  readonly requestId: string;
  readonly request: ElicitationRequest;
  readonly at: number;
  /** URL mode, opened: the agent's `elicitation/complete` is awaited. */
  readonly accepted?: boolean;
}

export interface SearchHit {
  readonly sessionId: string;
  readonly endpointId: string;
  readonly title: string | null;
  readonly entryId: string;
  readonly kind: string;
  /** Text around the match. */
  readonly excerpt: string;
  readonly at: number;
}

export interface ExportedSession {
  readonly fileName: string;
  readonly mimeType: string;
  readonly content: string;
}

export type RemoteSession = SessionInfo;
