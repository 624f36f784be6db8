/**
 * One session's log: assigns sequence numbers, folds each event with the shared reducer,
 * hands envelopes to the sink (persistence + push to windows), and keeps the promises of
 * permission requests that wait for the user.
 */
import type { RequestPermissionResponse } from '@agentclientprotocol/sdk';
import type {
  PermissionOutcome,
  PermissionResolver,
  SessionEvent,
  SessionEventEnvelope,
  SessionState,
} from '../../shared/domain/session';
import { initialSessionState, reduceAll, reduceSession } from '../../shared/session/reducer';
import { ElicitationWaiters } from './elicitation';

export interface RuntimeSink {
  appended(envelope: SessionEventEnvelope, state: SessionState): void;
}

/** The read-only reason of a session archived on the agent (issue 14); unarchiving clears it. */
export const ARCHIVED_READ_ONLY = 'This session is archived on the agent; unarchive it to continue.';

export class SessionRuntime {
  #state: SessionState;
  readonly #waiters = new Map<string, (r: RequestPermissionResponse) => void>();
  #permissionSeq = 0;
  /** Elicitations of this session that wait for the user (issue 14). */
  readonly elicitations = new ElicitationWaiters(this);
  #live = false;
  #readOnly: string | null = null;
  /** A reattach is in flight (avoid starting two). */
  attaching: Promise<void> | undefined;

  constructor(
    readonly sessionId: string,
    readonly endpointId: string,
    private readonly sink: RuntimeSink,
    private readonly now: () => number,
    history: readonly SessionEventEnvelope[] = [],
  ) {
    this.#state = reduceAll(initialSessionState(sessionId), history);
  }
  /** Attached to a live connection (prompts can be sent). */
  get live(): boolean {
    return this.#live;
  }

  /** Why it cannot be continued, if it cannot (ARCHIVED_READ_ONLY while archived on the agent). */
  get readOnly(): string | null {
    return this.#readOnly;
  }

  /** On a live connection now (created, forked, or resumed/loaded there): prompts can go out. */
  attach(): void {
    this.#live = true;
  }

  /** Off its connection (closed, dropped, archived); with `readOnlyReason` it also cannot be continued. */
  detach(readOnlyReason?: string): void {
    this.#live = false;
    if (readOnlyReason !== undefined) this.#readOnly = readOnlyReason;
  }

  /** Cannot be continued, for `reason`, whether or not it is attached. */
  markReadOnly(reason: string): void {
    this.#readOnly = reason;
  }

  /** Can be continued again, if it was read-only for exactly `reason` (e.g. unarchived). */
  liftReadOnly(reason: string): void {
    if (this.#readOnly === reason) this.#readOnly = null;
  }

  get state(): SessionState {
    return this.#state;
  }

  append(event: SessionEvent): SessionEventEnvelope {
    const envelope: SessionEventEnvelope = {
      sessionId: this.sessionId,
      seq: this.#state.lastSeq + 1,
      at: this.now(),
      event,
    };
    this.#state = reduceSession(this.#state, envelope);
    this.sink.appended(envelope, this.#state);
    return envelope;
  }

  /** Registers a permission request; resolves when the user (or a cancel) answers it. */
  waitForPermission(answer: (r: RequestPermissionResponse) => void, signal: AbortSignal): string {
    const requestId = `${this.sessionId}#${++this.#permissionSeq}-${this.now().toString(36)}`;
    this.#waiters.set(requestId, answer);
    signal.addEventListener('abort', () => this.resolvePermission(requestId, { outcome: 'cancelled' }, 'agent'), {
      once: true,
    });
    return requestId;
  }

  /** Answers one pending permission request; false if it is not (or no longer) pending. */
  resolvePermission(requestId: string, outcome: PermissionOutcome, by: PermissionResolver): boolean {
    const answer = this.#waiters.get(requestId);
    if (!answer) return false;
    this.#waiters.delete(requestId);
    this.append({ type: 'permission_resolved', requestId, outcome, by });
    answer({ outcome });
    return true;
  }

  /** After `session/cancel` every pending permission must be answered `cancelled`. */
  cancelAllPermissions(by: PermissionResolver): void {
    for (const id of [...this.#waiters.keys()]) this.resolvePermission(id, { outcome: 'cancelled' }, by);
    this.elicitations.cancelAll(by);
  }

  get pendingPermissions(): number {
    return this.#waiters.size;
  }
}
