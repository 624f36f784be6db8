import { AppError } from '../../shared/util/result';
import { AUTH_REQUIRED } from '../transport/jsonrpc';

/** The JSON-RPC error fields of whatever an SDK request rejected with. */
export function rpcErrorOf(e: unknown): { message: string; code?: number; kind?: string } {
  const message = e instanceof Error ? e.message : String(e);
  const code = (e as { code?: unknown }).code;
  const data = (e as { data?: { kind?: unknown } }).data;
  return {
    message,
    ...(typeof code === 'number' ? { code } : {}),
    ...(typeof data?.kind === 'string' ? { kind: data.kind } : {}),
  };
}

export { AUTH_REQUIRED };
export const RESOURCE_NOT_FOUND = -32002;

/** Turns a failed agent call into an error a person can act on. */
export function toAppError(e: unknown, action: string): AppError {
  if (e instanceof AppError) return e;
  const { message, code, kind } = rpcErrorOf(e);
  if (code === AUTH_REQUIRED || kind === 'auth')
    return new AppError('unauthorized', `${action} failed: the agent needs you to sign in (${message}).`);
  // No next step in the sentence: the UI adds the one that fits (classified by failure-class.ts
  // when the text says why), so a failure never carries two different pieces of advice.
  return new AppError('unavailable', `${action} failed: ${message}`);
}
