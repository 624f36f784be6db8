/**
 * The loop of the `recovering` phase: rebuild a lost connection, then re-attach its sessions.
 * It waits `plan`'s delay first (the rebuild rate limit, lifecycle.ts), then tries with the
 * fast backoff budget (or once, when retrying from offline). A fatal answer (credentials, not
 * ACP, a redirect) fails the transport; a spent budget sends it offline. Every wait runs on
 * the phase's own timers and signal, and the loop stops the moment its phase is left.
 */
import type { BackoffPolicy } from './backoff';
import { retryWithBackoff } from './backoff';
import { LinkError, sleep, type Timers } from './link';
import { isRedirect } from './redirects';

export interface RecoveryDeps {
  readonly reason: string;
  readonly plan: { readonly delayMs: number } | { readonly offline: true };
  readonly budget: 'fast' | 'single';
  /** False once the phase that started this loop has been left. */
  alive(): boolean;
  readonly timers: Timers;
  readonly signal: AbortSignal;
  readonly backoff: BackoffPolicy;
  readonly random: () => number;
  /** One rebuild: a new link and `initialize` on it. */
  connect(): Promise<void>;
  retrying(attempt: number, delayMs: number, err: LinkError): void;
  offline(reason: string): void;
  fail(err: LinkError): void;
  rebuilt(): void;
  reattach(): Promise<void>;
}

export function isFatalRebuildError(err: LinkError): boolean {
  return err.kind === 'auth' || err.kind === 'not-acp' || isRedirect(err.status ?? 0);
}

export async function runRecovery(d: RecoveryDeps): Promise<void> {
  if ('offline' in d.plan) return d.offline(`the connection keeps dropping right after it is rebuilt (${d.reason})`);
  if (d.plan.delayMs > 0) await sleep(d.timers, d.plan.delayMs, d.signal);
  if (!d.alive()) return;
  let spent = false;
  const failure = await retryWithBackoff<LinkError>({
    policy: d.budget === 'fast' ? d.backoff : { ...d.backoff, maxAttempts: 0 },
    random: d.random,
    sleep: (ms) => sleep(d.timers, ms, d.signal),
    stopped: () => !d.alive(),
    attempt: () => d.connect(),
    asError: (e) => (e instanceof LinkError ? e : new LinkError('network', String(e))),
    isFatal: isFatalRebuildError,
    spent: (err, n) => {
      spent = true;
      return new LinkError(
        err.kind,
        d.budget === 'fast'
          ? `Could not reconnect after ${n} attempts (${d.reason}); last error: ${err.message}`
          : `Could not reconnect (${d.reason}); last error: ${err.message}`,
      );
    },
    onRetry: (attempt, delayMs, err) => d.retrying(attempt, delayMs, err),
  });
  if (failure === 'stopped' || !d.alive()) return;
  if (failure) return spent ? d.offline(failure.message) : d.fail(failure);
  d.rebuilt();
  await d.reattach();
}
