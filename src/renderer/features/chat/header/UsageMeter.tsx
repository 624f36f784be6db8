import { formatTokens } from '../format';
import { useSessionValue } from '../../../state/selectors';

/** Context window use: a thin bar plus "12.3k / 200k"; the cost (if reported) in the tooltip. */
export function UsageMeter({ sessionId }: Readonly<{ sessionId: string }>) {
  const usage = useSessionValue(sessionId, (s) => s.usage);
  if (!usage || usage.size <= 0) return null;
  const ratio = Math.min(Math.max(usage.used / usage.size, 0), 1);
  const pct = Math.round(ratio * 100);
  const tone = ratio > 0.9 ? 'danger' : ratio > 0.7 ? 'warn' : 'ok';
  const cost = usage.cost && usage.cost.amount > 0 ? ` · ${costText(usage.cost.amount)} ${usage.cost.currency}` : '';
  const label = `Context: ${formatTokens(usage.used)} of ${formatTokens(usage.size)} tokens used (${pct}%)${cost}`;
  return (
    <span className="usage" data-testid="usage-meter" title={label}>
      <span
        className={`usage-bar usage-${tone}`}
        role="meter"
        aria-label="Context window used"
        aria-valuemin={0}
        aria-valuemax={usage.size}
        aria-valuenow={usage.used}
        aria-valuetext={label}
      >
        <span className="usage-fill" style={{ width: `${pct}%` }} />
      </span>
      <span className="usage-text" aria-hidden="true">
        {formatTokens(usage.used)} / {formatTokens(usage.size)}
      </span>
    </span>
  );
}

function costText(amount: number): string {
  return amount < 0.01 ? '<0.01' : amount.toFixed(2);
}
