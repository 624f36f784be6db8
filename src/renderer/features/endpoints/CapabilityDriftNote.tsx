/**
 * "The agent changed since the last connect" (issue 12): shown on the endpoint page when the
 * agent's `initialize` differs from the previous successful connect's (version, capabilities,
 * sign-in methods), so a feature that vanished or appeared is not a mystery.
 */
import { driftLines } from '../../../shared/domain/capability-drift';
import { useCapabilityDrift } from '../../state/selectors';

export function CapabilityDriftNote({ endpointId }: Readonly<{ endpointId: string }>) {
  const drift = useCapabilityDrift(endpointId);
  if (!drift) return null;
  const since = new Date(drift.since);
  return (
    <section className="details-notice drift-note" aria-label="Agent changes" data-testid="capability-drift">
      <p>
        <strong>The agent changed</strong> since the previous connect (
        <time dateTime={since.toISOString()}>{since.toLocaleString()}</time>):
      </p>
      <ul>
        {driftLines(drift).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </section>
  );
}
