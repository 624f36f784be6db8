/**
 * Errors cross every process boundary as data, never as throws: Electron keeps only an
 * Error's `message` and contextBridge strips prototypes, so a plain envelope is the one
 * form that arrives intact in both the Electron and the browser-mode bridge.
 */
export type IpcErrorCode =
  'invalid_request' | 'forbidden' | 'not_found' | 'unauthorized' | 'unavailable' | 'conflict' | 'internal';

export interface IpcError {
  readonly code: IpcErrorCode;
  /** A sentence a person can act on. */
  readonly message: string;
  /** Optional structured detail (validation issues, HTTP status, ...). Never secrets. */
  readonly details?: unknown;
}

export type IpcResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IpcError };

export function ok<T>(value: T): IpcResult<T> {
  return { ok: true, value };
}

export function err<T = never>(code: IpcErrorCode, message: string, details?: unknown): IpcResult<T> {
  return details === undefined
    ? { ok: false, error: { code, message } }
    : { ok: false, error: { code, message, details } };
}

/** A typed failure that handlers may throw; the dispatch pipeline turns it into an `IpcError`. */
export class AppError extends Error {
  constructor(
    readonly code: IpcErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}
