/**
 * The session as an append-only, sequence-numbered event log (event sourcing, after Zed's
 * acp_thread). Core appends; the renderer and main fold the same log with the one pure
 * reducer in shared/session/reducer.ts. Protocol updates are kept verbatim (ACP's snake_case
 * discriminants), our own lifecycle events use snake_case `type`s as well, so the whole log
 * reads like the wire.
 */
import type {
  AvailableCommand,
  ContentBlock,
  PermissionOption,
  PlanEntry,
  SessionConfigOption,
  SessionModeState,
  SessionUpdate,
  StopReason,
  ToolCallContent,
  ToolCallLocation,
  ToolCallStatus,
  ToolCallUpdate,
  ToolKind,
} from '@agentclientprotocol/sdk';
import type { ElicitationRequest } from '../elicitation/schema';
import type { ConnectionState, TransportEvent } from './traffic';

export type PermissionOutcome =
  { readonly outcome: 'selected'; readonly optionId: string } | { readonly outcome: 'cancelled' };

/** Who settled a permission request. */
export type PermissionResolver = 'user' | 'cancel' | 'agent' | 'connection' | 'policy';

export type SessionEvent =
  /** One validated `session/update`, verbatim. */
  | { readonly type: 'update'; readonly update: SessionUpdate }
  /** A `session/update` the SDK schema does not know (kept raw for the inspector). */
  | { readonly type: 'unknown_update'; readonly raw: unknown }
  | {
      readonly type: 'session_opened';
      readonly endpointId: string;
      readonly cwd: string;
      readonly via: 'new' | 'load' | 'resume' | 'local' | 'fork';
    }
  | {
      readonly type: 'session_state';
      readonly modes?: SessionModeState | null;
      readonly configOptions?: readonly SessionConfigOption[] | null;
    }
  | { readonly type: 'prompt_sent'; readonly turnId: string; readonly prompt: readonly ContentBlock[] }
  | {
      readonly type: 'turn_ended';
      readonly turnId: string;
      readonly stopReason?: StopReason;
      readonly error?: { readonly message: string; readonly code?: number; readonly kind?: string };
    }
  | { readonly type: 'cancel_requested'; readonly turnId?: string }
  | {
      readonly type: 'permission_requested';
      readonly requestId: string;
      readonly toolCall: ToolCallUpdate;
      readonly options: readonly PermissionOption[];
    }
  | {
      readonly type: 'permission_resolved';
      readonly requestId: string;
      readonly outcome: PermissionOutcome;
      readonly by: PermissionResolver;
    }
  /** An `elicitation/create` of this session, validated (issue 14). */
  | { readonly type: 'elicitation_requested'; readonly requestId: string; readonly request: ElicitationRequest }
  | {
      readonly type: 'elicitation_resolved';
      readonly requestId: string;
      readonly action: 'accept' | 'decline' | 'cancel';
      readonly by: PermissionResolver;
    }
  /** The agent's `elicitation/complete` for an accepted URL-mode elicitation. */
  | { readonly type: 'elicitation_completed'; readonly elicitationId: string }
  | { readonly type: 'connection'; readonly state: ConnectionState; readonly detail?: string }
  /** A transport event that belongs in the conversation (gap, recovery, detach). */
  | { readonly type: 'transport'; readonly event: TransportEvent }
  | { readonly type: 'replay_started'; readonly via: 'session/load' }
  | { readonly type: 'replay_ended' }
  | { readonly type: 'detached'; readonly reason: string }
  | { readonly type: 'error'; readonly message: string };

export interface SessionEventEnvelope {
  readonly sessionId: string;
  /** Strictly increasing per session, starting at 1. */
  readonly seq: number;
  /** Epoch milliseconds. */
  readonly at: number;
  readonly event: SessionEvent;
}

export type EntryKind =
  'user' | 'agent' | 'thought' | 'tool_call' | 'marker' | 'turn_end' | 'permission' | 'elicitation';

export type Entry =
  | {
      readonly kind: 'user';
      readonly id: string;
      readonly blocks: readonly ContentBlock[];
      readonly messageId?: string;
      readonly pending?: boolean;
    }
  | {
      readonly kind: 'agent';
      readonly id: string;
      readonly blocks: readonly ContentBlock[];
      readonly messageId?: string;
    }
  | { readonly kind: 'thought'; readonly id: string; readonly text: string; readonly messageId?: string }
  | {
      readonly kind: 'tool_call';
      readonly id: string;
      /** The ACP toolCallId. */
      readonly toolCallId: string;
      /** The card's key in `SessionState.toolCalls` when it is not the toolCallId (an id reused in a later turn). */
      readonly key?: string;
    }
  | {
      readonly kind: 'marker';
      readonly id: string;
      readonly marker: 'gap' | 'recovered' | 'connection_lost' | 'detached' | 'error' | 'notice' | 'history_diverged';
      readonly text: string;
      readonly at: number;
    }
  | {
      readonly kind: 'turn_end';
      readonly id: string;
      readonly turnId: string;
      readonly stopReason?: StopReason;
      readonly error?: string;
      readonly durationMs?: number;
    }
  /** A settled permission request: what was chosen, of what kind, for which tool, by whom and when. */
  | {
      readonly kind: 'permission';
      readonly id: string;
      readonly requestId: string;
      /** The tool call card that awaited it (the decision shows in that card). */
      readonly cardKey?: string;
      readonly toolTitle: string;
      readonly outcome: 'selected' | 'cancelled';
      readonly optionId?: string;
      readonly optionName?: string;
      readonly optionKind?: PermissionOption['kind'];
      readonly by: PermissionResolver;
      readonly at: number;
    }
  /** An elicitation (issue 14): asked, then answered (and, URL mode, completed by the agent). */
  | {
      readonly kind: 'elicitation';
      readonly id: string;
      readonly requestId: string;
      readonly request: ElicitationRequest;
      /** The tool call card it belongs to (the request's toolCallId): it shows in that card. */
      readonly cardKey?: string;
      readonly outcome?: 'accept' | 'decline' | 'cancel';
      readonly by?: PermissionResolver;
      /** URL mode: the agent sent `elicitation/complete` (or nothing waits for it any more). */
      readonly completed?: boolean;
      readonly at: number;
    };

export interface ToolCallState {
  readonly toolCallId: string;
  readonly title: string;
  readonly kind: ToolKind;
  readonly status: ToolCallStatus | 'cancelled';
  readonly content: readonly ToolCallContent[];
  readonly locations: readonly ToolCallLocation[];
  readonly rawInput?: unknown;
  readonly rawOutput?: unknown;
  /** Epoch ms of the first and the last update, for the elapsed time. */
  readonly startedAt: number;
  readonly updatedAt: number;
  readonly awaitingPermission?: string;
  /** Entry ids of the permission decisions made for this call, oldest first. */
  readonly decisions?: readonly string[];
  /** Entry ids of the elicitations asked for this call (issue 14), oldest first. */
  readonly elicitations?: readonly string[];
  /** The turn the card was started in (a reused toolCallId in a later turn starts a new card). */
  readonly turnId?: string;
}

export interface PendingPermission {
  readonly requestId: string;
  readonly toolCall: ToolCallUpdate;
  readonly options: readonly PermissionOption[];
  readonly at: number;
}

/** An elicitation waiting for the user, or (URL mode, accepted) for the agent's `elicitation/complete`. */
export interface PendingElicitation {
  readonly requestId: string;
  readonly request: ElicitationRequest;
  readonly at: number;
  /** Its `elicitation` entry in the timeline. */
  readonly entryId?: string;
  /** Set once a URL-mode elicitation was accepted: the page is open, completion is awaited. */
  readonly accepted?: boolean;
}

export interface TurnState {
  readonly status: 'idle' | 'running' | 'cancelling';
  readonly turnId?: string;
  readonly startedAt?: number;
  /** The optimistic user entry of the running turn (its echoed chunks are not appended twice). */
  readonly userEntryId?: string;
  readonly lastStopReason?: StopReason;
  readonly lastError?: string;
  /** The running turn's prompt has not reached the agent yet: why it waits (connection down). */
  readonly waiting?: string;
}

export interface SessionState {
  readonly sessionId: string;
  readonly endpointId: string | null;
  readonly cwd: string | null;
  readonly lastSeq: number;
  readonly entryIds: readonly string[];
  readonly entries: Readonly<Record<string, Entry>>;
  /** Tool call cards by key: the toolCallId, or `toolCallId@turnId` for an id reused in a later turn. */
  readonly toolCalls: Readonly<Record<string, ToolCallState>>;
  /** toolCallId → key of its newest card, where that is not the toolCallId itself. */
  readonly toolCallKeys?: Readonly<Record<string, string>>;
  readonly plan: readonly PlanEntry[] | null;
  readonly modes: SessionModeState | null;
  readonly configOptions: readonly SessionConfigOption[];
  readonly commands: readonly AvailableCommand[];
  readonly title: string | null;
  readonly updatedAt: string | null;
  readonly usage: {
    readonly used: number;
    readonly size: number;
    readonly cost?: { amount: number; currency: string };
  } | null;
  readonly turn: TurnState;
  readonly permissions: Readonly<Record<string, PendingPermission>>;
  /** Pending elicitations by requestId (absent in logs written before issue 14). */
  readonly elicitations?: Readonly<Record<string, PendingElicitation>>;
  readonly connection: { readonly state: ConnectionState; readonly detail?: string };
  /** Set while a `session/load` replay is being folded (reconciled at `replay_ended`). */
  readonly replay: ReplayState | null;
  readonly detached: string | null;
  /** The marker of an outage still in progress (stream down, connection lost), updated in place when it ends. */
  readonly outage?: { readonly markerId: string; readonly since: number };
  readonly unknownUpdates: number;
  /** Epoch ms of the last event. */
  readonly lastActivity: number;
}

/** While replaying, the agent's history is folded into a shadow timeline, then reconciled. */
export interface ReplayState {
  readonly entryIds: readonly string[];
  readonly entries: Readonly<Record<string, Entry>>;
}
