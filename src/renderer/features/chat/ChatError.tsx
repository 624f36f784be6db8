import { classifyFailure } from '../../../shared/errors/failure-class';
import type { ErrorText } from '../../state/error-text';
import { useAppStore } from '../../state/store-context';
import { ErrorDetails } from '../../ui/ErrorDetails';
import { Glyph } from './icons';
import { useSessionError } from '../../state/selectors';

/**
 * A connection failure reads as its class's sentence and next step (failure-class.ts), the
 * raw text behind "Details"; an error the host already classified keeps its classification,
 * and one no class recognises stays the host's sentence.
 */
function classified(error: ErrorText): ErrorText {
  if (error.details) return error;
  const f = classifyFailure({ message: error.message, code: error.code });
  if (f.kind === 'other') return error;
  return { ...error, message: f.title, nextStep: f.nextStep, kind: f.kind, details: f.details };
}

/** The last failed action of this session as a sentence, its next step, and Dismiss. */
export function ChatError({ sessionId }: Readonly<{ sessionId: string }>) {
  const store = useAppStore();
  const raw = useSessionError(sessionId);
  if (!raw) return null;
  const error = classified(raw);
  return (
    <div className="chat-error" role="alert" data-testid="chat-error" data-kind={error.kind}>
      <Glyph name="alert" />
      <div className="chat-error-body">
        <p className="chat-error-text">
          <span className="chat-error-message">{error.message}</span> <span>{error.nextStep}</span>
        </p>
        {error.details && <ErrorDetails details={error.details} />}
      </div>
      <button
        type="button"
        className="icon-btn"
        aria-label="Dismiss the error"
        onClick={() => store.sessions.clearSessionError(sessionId)}
      >
        <Glyph name="x" />
      </button>
    </div>
  );
}
