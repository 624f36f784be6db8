import { useId, useState } from 'react';
import type { FailureDetails } from '../../shared/errors/failure-class';

/**
 * The raw side of an error, behind a "Details" toggle: the HTTP status, what the server
 * answered (tags stripped) and the network stack's own text. Closed by default, so the
 * sentence and its next step are what a person reads first.
 */
export function ErrorDetails({ details }: Readonly<{ details: FailureDetails }>) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div className="error-details">
      <button
        type="button"
        className="link-button error-details-toggle"
        aria-expanded={open}
        aria-controls={id}
        data-testid="error-details-toggle"
        onClick={() => setOpen((o) => !o)}
      >
        Details
      </button>
      <dl id={id} className="error-details-body" hidden={!open} data-testid="error-details">
        {details.status !== undefined && (
          <>
            <dt>Status</dt>
            <dd>HTTP {details.status}</dd>
          </>
        )}
        {details.excerpt && (
          <>
            <dt>The server answered</dt>
            <dd>{details.excerpt}</dd>
          </>
        )}
        <dt>Error</dt>
        <dd className="mono">{details.raw}</dd>
      </dl>
    </div>
  );
}
