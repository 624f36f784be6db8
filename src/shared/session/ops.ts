/**
 * Which session operations beyond new/list/load/resume/close an agent offers, read from the
 * `agentCapabilities` of its `initialize` answer (issue 14). Core refuses an operation the
 * agent does not advertise; the UI hides it (absent, never disabled without a reason).
 *
 * The flags are the SDK's: `sessionCapabilities.delete` and `auth.logout` are stable,
 * `sessionCapabilities.fork/title/archive/status` and `providers` are unstable. The value
 * came off the wire (the SDK's stable client does not validate responses), so it is read
 * defensively: only a present, non-null object counts as advertised.
 */
import type { AgentCapabilities } from '@agentclientprotocol/sdk/unstable';
import { isRecord } from '../util/is-record';

export interface SessionOpsAvailability {
  /** `session/fork`. */
  readonly fork: boolean;
  /** `session/set_title`. */
  readonly rename: boolean;
  /** `session/archive` and `session/unarchive` (and the `archived` filter of `session/list`). */
  readonly archive: boolean;
  /** `session/delete`. */
  readonly delete: boolean;
  /** `session/status`. */
  readonly status: boolean;
  /** `logout`. */
  readonly logout: boolean;
  /** `providers/list`, `providers/set`, `providers/disable`. */
  readonly providers: boolean;
}

export type SessionOp = keyof SessionOpsAvailability;

export const NO_SESSION_OPS: SessionOpsAvailability = Object.freeze({
  fork: false,
  rename: false,
  archive: false,
  delete: false,
  status: false,
  logout: false,
  providers: false,
});

/** The operations an agent advertises; all false for an agent not (yet) initialized. */
export function sessionOps(
  caps: AgentCapabilities | Record<string, unknown> | null | undefined,
): SessionOpsAvailability {
  if (!isRecord(caps)) return NO_SESSION_OPS;
  const session = isRecord(caps.sessionCapabilities) ? caps.sessionCapabilities : {};
  const auth = isRecord(caps.auth) ? caps.auth : {};
  return {
    fork: isRecord(session.fork),
    rename: isRecord(session.title),
    archive: isRecord(session.archive),
    delete: isRecord(session.delete),
    status: isRecord(session.status),
    logout: isRecord(auth.logout),
    providers: isRecord(caps.providers),
  };
}

/** What each operation is called in a refusal, and the capability the agent did not advertise. */
export const SESSION_OP_INFO: Readonly<Record<SessionOp, { readonly action: string; readonly flag: string }>> = {
  fork: { action: 'forking sessions', flag: 'sessionCapabilities.fork' },
  rename: { action: 'renaming sessions', flag: 'sessionCapabilities.title' },
  archive: { action: 'archiving sessions', flag: 'sessionCapabilities.archive' },
  delete: { action: 'deleting sessions', flag: 'sessionCapabilities.delete' },
  status: { action: 'session status', flag: 'sessionCapabilities.status' },
  logout: { action: 'signing out', flag: 'auth.logout' },
  providers: { action: 'provider settings', flag: 'providers' },
};
