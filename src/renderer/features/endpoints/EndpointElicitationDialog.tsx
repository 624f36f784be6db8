/**
 * Request-scoped elicitations (issue 14): an agent asks for input outside any session (no
 * sessionId), so the question belongs to the endpoint. While one of the endpoint's pages is
 * shown (its details, or a chat of one of its sessions) the oldest waiting one is a modal
 * dialog with the same form or URL card as in the chat. Focus stays inside; Esc cancels.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { EndpointElicitation } from '../../../shared/domain/history';
import type { ElicitationAnswer } from '../../../shared/elicitation/schema';
import { useBridge } from '../../bridge/bridge-context';
import { useEndpointElicitations, useEndpointInView, useSavedEndpointName } from '../../state/selectors';
import { ElicitationForm } from '../chat/elicitation/ElicitationForm';
import { ElicitationUrl } from '../chat/elicitation/ElicitationUrl';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), [tabindex="0"]';

/** Tab and Shift+Tab go round inside the dialog; Esc is Cancel. */
function trapKeys(e: KeyboardEvent<HTMLDivElement>, cancel: () => void): void {
  if (e.key === 'Escape') {
    e.preventDefault();
    e.stopPropagation();
    cancel();
    return;
  }
  if (e.key !== 'Tab') return;
  const items = [...e.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)];
  if (items.length === 0) {
    e.preventDefault();
    return;
  }
  const first = items[0]!;
  const last = items[items.length - 1]!;
  const at = document.activeElement;
  if (e.shiftKey && (at === first || at === e.currentTarget)) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && at === last) {
    e.preventDefault();
    first.focus();
  }
}

function Dialog({
  endpointId,
  endpointName,
  pending,
  more,
}: Readonly<{ endpointId: string; endpointName: string; pending: EndpointElicitation; more: number }>) {
  const bridge = useBridge();
  const box = useRef<HTMLDivElement>(null);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { request } = pending;

  // Where focus was before the dialog: read while rendering, as the form's own effect moves it first.
  const [before] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));
  useEffect(() => {
    // The form focuses its first field; anything else (a URL card) starts on the dialog itself.
    if (!box.current?.contains(document.activeElement)) box.current?.focus();
    return () => {
      if (before?.isConnected) before.focus({ preventScroll: true });
    };
  }, [before]);

  const answer = (a: ElicitationAnswer) => {
    setSent(true);
    setError(null);
    void bridge.endpoints.resolveElicitation({ id: endpointId, requestId: pending.requestId, answer: a }).then((r) => {
      setSent(false);
      if (!r.ok) setError(r.error.message);
    });
  };
  const titleId = `elicit-dialog-${pending.requestId}`;
  return (
    <div className="elicit-dialog-backdrop">
      <div
        ref={box}
        className="elicit-dialog perm elicit"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${titleId}-t`}
        aria-describedby={`${titleId}-m`}
        tabIndex={-1}
        data-testid="endpoint-elicitation"
        data-mode={request.mode}
        data-state={pending.accepted ? 'waiting' : 'asking'}
        onKeyDown={(e) => trapKeys(e, () => answer({ action: 'cancel' }))}
      >
        <h2 className="elicit-dialog-title" id={`${titleId}-t`}>
          {endpointName} asks for input
        </h2>
        <p className="perm-question elicit-message" id={`${titleId}-m`}>
          {request.message}
        </p>
        {request.mode === 'form' ? (
          <ElicitationForm key={pending.requestId} request={request} sent={sent} answer={answer} />
        ) : (
          <ElicitationUrl request={request} accepted={pending.accepted === true} sent={sent} answer={answer} />
        )}
        {pending.accepted && (
          <button type="button" className="link-btn" onClick={() => answer({ action: 'cancel' })}>
            Stop waiting
          </button>
        )}
        {error && (
          <p className="field-error" role="alert" data-testid="endpoint-elicitation-error">
            {error}
          </p>
        )}
        {more > 0 && (
          <p className="field-hint">{more === 1 ? 'One more request waits.' : `${more} more requests wait.`}</p>
        )}
      </div>
    </div>
  );
}

/** Mounted once in the shell: the dialog of the endpoint on screen, when it has a question. */
export function EndpointElicitationDialog() {
  const endpointId = useEndpointInView();
  const waiting = useEndpointElicitations(endpointId);
  const name = useSavedEndpointName(endpointId);
  const pending = waiting?.[0];
  if (!endpointId || !pending) return null;
  return (
    <Dialog
      key={pending.requestId}
      endpointId={endpointId}
      endpointName={name ?? 'The agent'}
      pending={pending}
      more={waiting.length - 1}
    />
  );
}
