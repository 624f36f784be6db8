/**
 * The reconnect delay formula, pure: full-jitter exponential backoff, a delay drawn uniformly from
 * [0, min(max, base·2^attempt)] (attempt 0 is the first retry). The transport's streams and the
 * browser-mode WebSocket bridge both wait this long; jitter spreads reconnect storms.
 */
export interface BackoffCurve {
  readonly baseMs: number;
  readonly maxMs: number;
}

export function backoffDelay(attempt: number, curve: BackoffCurve, random: () => number): number {
  const ceiling = Math.min(curve.maxMs, curve.baseMs * 2 ** Math.max(0, attempt));
  return Math.round(random() * ceiling);
}
