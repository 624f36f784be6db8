/**
 * Dynamic credentials (TransportAuth, e.g. OAuth access tokens) as the links use them: the
 * `Authorization` value asked before each POST, stream open, DELETE and WebSocket upgrade
 * (every value is added to the redactor, so it is masked wherever it is echoed), and the one
 * refresh a 401 may trigger. Refreshes are single-flight: concurrent 401s share one
 * `unauthorized()` call, and a 401 for a value an earlier refresh already replaced is retried
 * without asking again. Every wait ends with the caller's signal (and the transport's close),
 * so a `header()` or `unauthorized()` that never settles holds nothing.
 */
import { LinkError } from './link';
import type { Redactor } from './redact';
import type { TransportAuth } from './transport-options';

interface Flight {
  readonly result: Promise<boolean>;
  /** The refused header values this refresh answers. */
  readonly refused: Set<string | undefined>;
}

export class DynamicCredentials {
  #flight: Flight | undefined;
  #last: { readonly ok: boolean; readonly refused: Set<string | undefined> } | undefined;

  constructor(
    private readonly auth: TransportAuth,
    private readonly redactor: Redactor,
    private readonly stopped: AbortSignal,
  ) {}

  /**
   * The value to send now. Rejects with a LinkError: `closed` (the transport closed), `timeout`
   * (`signal` ended first, e.g. the request's deadline) or `auth` (`header()` failed).
   * `afterClose`: for the best-effort DELETE sent while closing, bounded by `signal` alone.
   */
  async header(signal: AbortSignal, afterClose = false): Promise<string | undefined> {
    let value: string | undefined;
    try {
      value = await this.#until(this.auth.header(), signal, !afterClose);
    } catch (e) {
      if (e instanceof LinkError) throw e;
      throw new LinkError('auth', `the credentials could not be obtained (${this.#reason(e)})`, 401);
    }
    if (value) this.redactor.addValue(value);
    return value;
  }

  /**
   * A request sent with `refused` was answered 401 with `challenge`: true when a retry may now
   * succeed. Rejects only with a LinkError `closed`/`timeout` when `signal` ends first.
   */
  refresh(challenge: string | null, refused: string | undefined, signal: AbortSignal): Promise<boolean> {
    let flight = this.#flight;
    if (!flight) {
      // Already answered: a request that carried a value an earlier refresh replaced (or refused).
      if (this.#last?.refused.has(refused)) return Promise.resolve(this.#last.ok);
      const refusedSet = new Set([refused]);
      const result = this.auth.unauthorized(challenge).then(
        (ok) => ok === true,
        () => false,
      );
      flight = { result, refused: refusedSet };
      this.#flight = flight;
      void result.then((ok) => {
        this.#last = { ok, refused: refusedSet };
        if (this.#flight === flight) this.#flight = undefined;
      });
    } else flight.refused.add(refused);
    return this.#until(flight.result, signal);
  }

  #until<T>(promise: Promise<T>, signal: AbortSignal, watchStopped = true): Promise<T> {
    const stopped = watchStopped ? this.stopped : new AbortController().signal;
    const gone = () =>
      stopped.aborted
        ? new LinkError('closed', 'The connection is closed.')
        : new LinkError('timeout', 'The credentials were not available in time.');
    if (stopped.aborted || signal.aborted) return Promise.reject(gone());
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        done();
        reject(gone());
      };
      const done = () => {
        signal.removeEventListener('abort', onAbort);
        stopped.removeEventListener('abort', onAbort);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      stopped.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (v) => {
          done();
          resolve(v);
        },
        (e: unknown) => {
          done();
          reject(e);
        },
      );
    });
  }

  #reason(e: unknown): string {
    return this.redactor.text(e instanceof Error ? e.message : String(e));
  }
}

/**
 * `headers` with `authorization` set to `value`: dynamic credentials win over an endpoint's own
 * Authorization header (whatever its case); with no value the headers are left as they are.
 */
export function withAuthorization(headers: Record<string, string>, value: string | undefined): Record<string, string> {
  if (value === undefined) return headers;
  for (const k of Object.keys(headers)) if (k.toLowerCase() === 'authorization') delete headers[k];
  headers.authorization = value;
  return headers;
}
