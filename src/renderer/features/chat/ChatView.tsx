/**
 * The chat of one session: header, the virtualized conversation, the plan (compact, when the
 * side panel is closed), the last action error, and the composer. Each part subscribes to the
 * slice of session state it shows, so a streamed chunk re-renders only what it changed.
 */
import { useSessionLoaded, useSidePanelOpen } from '../../state/selectors';
import { ErrorBoundary } from '../../ui/ErrorBoundary';
import { Spinner } from '../../ui/Spinner';
import { ChatError } from './ChatError';
import { Composer } from './composer/Composer';
import { ChatHeader } from './header/ChatHeader';
import { MessageList } from './list/MessageList';
import { PlanPanel } from './plan/PlanPanel';

export { PlanPanel } from './plan/PlanPanel';

export function ChatView({ sessionId }: Readonly<{ sessionId: string }>) {
  const loaded = useSessionLoaded(sessionId);
  const sidePanelOpen = useSidePanelOpen();
  if (!loaded) {
    return (
      <section className="chat-view chat-loading" data-testid="chat-view" aria-busy="true">
        <Spinner label="Opening the session" />
        <span>Opening the session…</span>
        <ChatError sessionId={sessionId} />
      </section>
    );
  }
  return (
    <section className="chat-view" data-testid="chat-view" aria-label="Chat">
      <ChatHeader sessionId={sessionId} />
      <ErrorBoundary area="conversation">
        <MessageList key={sessionId} sessionId={sessionId} />
      </ErrorBoundary>
      <div className="chat-footer">
        {!sidePanelOpen && <PlanPanel sessionId={sessionId} compact />}
        <ChatError sessionId={sessionId} />
        <Composer key={sessionId} sessionId={sessionId} />
      </div>
    </section>
  );
}
