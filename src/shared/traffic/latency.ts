/**
 * Per-method latency of answered requests (pure): count, p50, p95 and max per method, from
 * the pairing's exchanges. Percentiles are nearest-rank (p50 of 1, 2, 3, 4 is 2), so every
 * figure is a latency that was actually measured. Requests still pending or never answered
 * are counted apart (they have no latency).
 */
import type { Exchange } from './pairing';

export interface MethodLatency {
  readonly method: string;
  /** Answered requests. */
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
  /** Answered with a JSON-RPC error. */
  readonly failed: number;
  /** Pending or unanswered. */
  readonly open: number;
}

/** Nearest-rank percentile of ascending `sorted` (non-empty). */
export function nearestRank(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}

/**
 * One row per method (each exchange counted once, however often it is given), slowest p95
 * first, then by method name.
 */
export function latencySummary(exchanges: Iterable<Exchange>): MethodLatency[] {
  const seen = new Set<Exchange>();
  const by = new Map<string, { latencies: number[]; failed: number; open: number }>();
  for (const ex of exchanges) {
    if (seen.has(ex)) continue;
    seen.add(ex);
    const method = ex.method || '(no method)';
    let m = by.get(method);
    if (!m) {
      m = { latencies: [], failed: 0, open: 0 };
      by.set(method, m);
    }
    if (ex.state !== 'answered' || ex.latencyMs === undefined) {
      m.open++;
      continue;
    }
    m.latencies.push(ex.latencyMs);
    if (ex.failed) m.failed++;
  }
  const rows: MethodLatency[] = [];
  for (const [method, m] of by) {
    const sorted = m.latencies.sort((a, b) => a - b);
    const count = sorted.length;
    rows.push({
      method,
      count,
      p50: count ? nearestRank(sorted, 50) : NaN,
      p95: count ? nearestRank(sorted, 95) : NaN,
      max: count ? sorted[count - 1]! : NaN,
      failed: m.failed,
      open: m.open,
    });
  }
  return rows.sort(
    (a, b) => (isNaN(b.p95) ? -1 : b.p95) - (isNaN(a.p95) ? -1 : a.p95) || (a.method < b.method ? -1 : 1),
  );
}
