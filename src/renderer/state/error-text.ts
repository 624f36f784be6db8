/**
 * Turns an `IpcError` into what the UI shows: the host's sentence plus a next step that
 * depends on what the person was doing.
 */
import {
  classifyFailure,
  failureInDetails,
  type ClassifiedFailure,
  type FailureDetails,
  type FailureKind,
} from '../../shared/errors/failure-class';
import { signInHintOf } from '../../shared/domain/endpoint-auth';
import type { IpcError, IpcErrorCode } from '../../shared/util/result';

export interface ErrorText {
  readonly code: IpcErrorCode;
  readonly message: string;
  readonly nextStep: string;
  /** For a connection failure: its class, and the raw text/status/excerpt behind "Details". */
  readonly kind?: FailureKind;
  readonly details?: FailureDetails;
  /** The failure is answered by signing in with OAuth (issue 15): the UI offers "Sign in". */
  readonly signIn?: true;
}

export type ErrorContext = 'probe' | 'load' | 'select' | 'session' | 'endpoint';

const NEXT_STEP: Readonly<Record<IpcErrorCode, string>> = {
  invalid_request: 'Check the values and try again.',
  forbidden: 'ACP Desk refused the request; reload the window and try again.',
  not_found: 'It may have been removed in another window; pick another endpoint.',
  unauthorized: 'Check the credentials and try again.',
  unavailable: 'Wait a moment and try again.',
  conflict: 'Something changed at the same time; try again.',
  internal: 'Try again; if it keeps failing, check the ACP Desk log.',
};

/** A failed test that reached the agent (unavailable, unauthorized) is classified instead: failure-class.ts. */
const PROBE_NEXT_STEP: Partial<Record<IpcErrorCode, string>> = {
  invalid_request: 'Fix the endpoint settings (URL, headers, transport), then test again.',
  forbidden: 'The agent refused access; check the credentials in this endpoint’s headers.',
};

const LOAD_NEXT_STEP: Partial<Record<IpcErrorCode, string>> = {
  unavailable: 'ACP Desk retries when the host is back; you can also reload the window.',
};

const HOST_LOST_NEXT_STEP: Readonly<Record<ErrorContext, string>> = {
  probe: 'ACP Desk reconnects on its own; test again once it is back.',
  load: 'ACP Desk reconnects on its own and reloads this list when the host is back.',
  select: 'ACP Desk reconnects on its own; pick the endpoint again once it is back.',
  session: 'ACP Desk reconnects on its own; try again once it is back.',
  endpoint: 'ACP Desk reconnects on its own; save again once it is back.',
};

const SESSION_NEXT_STEP: Partial<Record<IpcErrorCode, string>> = {
  unavailable: 'Check that the agent is reachable (Test connection on its endpoint), then try again.',
  unauthorized: 'Sign in from the endpoint panel or update its credential header, then try again.',
  conflict: 'Wait for the running turn to end, or cancel it with Esc.',
  not_found: 'Reopen the session from the history.',
};

/** Capitalised (unless it starts with a URL or a code word), trimmed, and ending with a full stop. */
export function asSentence(text: string): string {
  const t = text.trim();
  if (!t) return 'Something went wrong.';
  const first = t.split(/\s/, 1)[0]!;
  const keepCase = /^[a-z][a-z0-9+.-]*:\/\//i.test(first) || /[/_:@]/.test(first);
  const capitalised = keepCase ? t : t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?…]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

function isHostLost(error: IpcError): boolean {
  const details = error.details as { hostLost?: unknown } | undefined;
  return error.code === 'unavailable' && details?.hostLost === true;
}

/**
 * A probe's failure as the host classified it, or classified here from its text. Starting a
 * session fails for the same reasons, so it reads the same, but only when the text names a
 * known class: "Wait for the running turn" stays what it is, and sign-in keeps its own flow.
 */
function connectionFailure(error: IpcError, context: ErrorContext): ClassifiedFailure | null {
  const sent = failureInDetails(error.details);
  if (sent) return sent;
  if (context === 'probe' && (error.code === 'unavailable' || error.code === 'unauthorized'))
    return classifyFailure({ message: error.message, code: error.code });
  if (context === 'session' && error.code === 'unavailable') {
    const failure = classifyFailure({ message: error.message, code: error.code });
    return failure.kind === 'other' ? null : failure;
  }
  return null;
}

export function describeError(error: IpcError, context: ErrorContext): ErrorText {
  if (isHostLost(error)) {
    return {
      code: error.code,
      message: asSentence(error.message),
      nextStep: HOST_LOST_NEXT_STEP[context],
    };
  }
  const failure = connectionFailure(error, context);
  if (failure)
    return {
      code: error.code,
      message: failure.title,
      nextStep: failure.nextStep,
      kind: failure.kind,
      details: failure.details,
    };
  if (signInHintOf(error.details))
    return { code: error.code, message: asSentence(error.message), nextStep: 'Sign in, then try again.', signIn: true };
  const specific =
    context === 'probe'
      ? PROBE_NEXT_STEP
      : context === 'load'
        ? LOAD_NEXT_STEP
        : context === 'session'
          ? SESSION_NEXT_STEP
          : {};
  return {
    code: error.code,
    message: asSentence(error.message),
    nextStep: specific[error.code] ?? NEXT_STEP[error.code] ?? NEXT_STEP.internal,
  };
}
