/**
 * A URL-mode elicitation (issue 14): the agent wants the person to visit a page (a sign-in,
 * a payment). The card names the origin, shows the full address, and opens it only on a
 * click, through the same window-open path (and external-link policy) as chat links.
 * Opening it is the accept; then the card waits for the agent's `elicitation/complete`.
 */
import type { ElicitationAnswer, ElicitationRequest } from '../../../../shared/elicitation/schema';
import { urlView, type UrlView } from './elicitation-view';

type UrlRequest = Extract<ElicitationRequest, { mode: 'url' }>;

/** Where the address leads: the host and origin, or the bare scheme of a javascript:/data: one. */
function Origin({ view }: Readonly<{ view: UrlView }>) {
  return (
    <p className="elicit-origin" data-testid="elicitation-origin">
      {view.host ? (
        <>
          A page on <strong>{view.host}</strong> <span className="elicit-origin-scheme">({view.origin})</span>
        </>
      ) : (
        <>
          Not a web page: a <strong>{view.origin}</strong> address
        </>
      )}
    </p>
  );
}

export function ElicitationUrl({
  request,
  accepted,
  sent,
  answer,
}: Readonly<{
  request: UrlRequest;
  accepted: boolean;
  sent: boolean;
  answer: (a: ElicitationAnswer) => void;
}>) {
  const view = urlView(request.url);
  return (
    <div className="elicit-url">
      {view ? <Origin view={view} /> : null}
      <p className="elicit-address">
        <code data-testid="elicitation-url">{request.url}</code>
      </p>
      {view && !view.opens && (
        <p className="field-warning" data-testid="elicitation-url-refused">
          ACP Desk opens only https addresses (or http on this machine), so this one cannot be opened from here.
        </p>
      )}
      {accepted ? (
        <p className="working" data-testid="elicitation-waiting">
          <span className="spinner spinner-xs" aria-hidden="true" />
          <span className="shimmer">Waiting for the agent…</span>
          {view?.opens && (
            <a className="link-btn" href={view.href} target="_blank" rel="noreferrer noopener">
              Open again
            </a>
          )}
        </p>
      ) : (
        <div className="perm-actions">
          {view?.opens && (
            <a
              className={`btn btn-primary btn-sm perm-option${sent ? ' is-disabled' : ''}`}
              href={view.href}
              target="_blank"
              rel="noreferrer noopener"
              data-testid="elicitation-open"
              aria-disabled={sent || undefined}
              onClick={(e) => {
                if (sent) e.preventDefault();
                else answer({ action: 'accept' });
              }}
            >
              Open {view.host}
            </a>
          )}
          <button
            type="button"
            className="btn btn-secondary btn-sm perm-option"
            disabled={sent}
            data-testid="elicitation-decline"
            onClick={() => answer({ action: 'decline' })}
          >
            Decline
          </button>
          <button
            type="button"
            className="link-btn perm-cancel"
            disabled={sent}
            data-testid="elicitation-cancel"
            onClick={() => answer({ action: 'cancel' })}
          >
            Cancel
          </button>
        </div>
      )}
    </div>
  );
}
