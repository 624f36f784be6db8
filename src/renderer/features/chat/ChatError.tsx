import { useAppStore } from '../../state/store-context';
import { Glyph } from './icons';
import { useSessionError } from './session-hooks';

/** The last failed action of this session as a sentence, its next step, and Dismiss. */
export function ChatError({ sessionId }: Readonly<{ sessionId: string }>) {
  const store = useAppStore();
  const error = useSessionError(sessionId);
  if (!error) return null;
  return (
    <div className="chat-error" role="alert" data-testid="chat-error">
      <Glyph name="alert" />
      <p className="chat-error-text">
        <span className="chat-error-message">{error.message}</span> <span>{error.nextStep}</span>
      </p>
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
