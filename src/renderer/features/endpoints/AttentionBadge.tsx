import type { AttentionReason } from '../../../shared/domain/attention';
import { attentionLabel } from '../../state/attention';

/**
 * A session (or an endpoint's sessions) waiting for the person: a visible mark with its meaning
 * as the accessible name, so it is announced as part of the row's button (issue 13).
 */
export function SessionAttentionBadge({ reason }: Readonly<{ reason: AttentionReason }>) {
  const label = attentionLabel(reason);
  return (
    <span className="attention-badge" role="img" aria-label={label} title={label} data-testid="attention-badge">
      !
    </span>
  );
}

export function EndpointAttentionBadge({ count }: Readonly<{ count: number }>) {
  const label = count === 1 ? '1 session needs your answer' : `${count} sessions need your answer`;
  return (
    <span className="attention-badge" role="img" aria-label={label} title={label} data-testid="attention-badge">
      {count}
    </span>
  );
}
