/**
 * How long something took, for people: "850 ms", "2.3 s" (below 10 s, with `digits` decimals),
 * "12 s", "1 min 05 s". Pure.
 */
export function formatDuration(ms: number, digits = 1): string {
  if (!Number.isFinite(ms) || ms < 0) return '0 s';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(digits)} s`;
  const total = Math.round(ms / 1000);
  if (total < 60) return `${total} s`;
  const min = Math.floor(total / 60);
  const sec = total % 60;
  return `${min} min ${String(sec).padStart(2, '0')} s`;
}
