/**
 * A recording as a read-only chat: the conversation rebuilt from the recorded wire (see
 * recorded-chat.ts), folded with the session reducer up to the scrubbed moment and shown by
 * the chat's own list (no composer), under the banner "Recording · <file> · read-only". The
 * scrubber's moment is shared with the traffic inspector (recording-view.ts), which then
 * shows the recording's records up to it. Leaving (opening a session, an endpoint, the
 * history) closes it.
 */
import { useCallback, useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import { eventsUntil, RecordedFold, type RecordedChat } from '../../../shared/traffic/recorded-chat';
import { useBridge } from '../../bridge/bridge-context';
import { StoreProvider, useAppStore } from '../../state/store-context';
import { ErrorBoundary } from '../../ui/ErrorBoundary';
import { Spinner } from '../../ui/Spinner';
import { MessageList } from '../chat/list/MessageList';
import { PlanPanel } from '../chat/plan/PlanPanel';
import { loadRecordedChat } from './load-recording';
import { readOnlySession, useOverlayStore } from './overlay-store';
import { closeRecordingChat, setScrub, useRecordedSessionRequest, type RecordingChatTarget } from './recording-view';
import { Scrubber } from './Scrubber';

type Loaded = RecordedChat | { error: string } | null;

function useRecordedChat(endpointId: string): Loaded {
  const bridge = useBridge();
  const [chat, setChat] = useState<Loaded>(null);
  useEffect(() => {
    let alive = true;
    setChat(null);
    void loadRecordedChat(bridge, endpointId).then((c) => alive && setChat(c));
    return () => {
      alive = false;
    };
  }, [bridge, endpointId]);
  return chat;
}

/** Going anywhere else in the app (another view, another session) closes the recording. */
function useCloseOnNavigation(): void {
  const app = useAppStore();
  useEffect(
    () =>
      app.subscribe((s, prev) => {
        if (s.ui.view !== prev.ui.view || s.sessions.activeId !== prev.sessions.activeId) closeRecordingChat();
      }),
    [app],
  );
}

function Banner({ name, children }: Readonly<{ name: string; children?: ReactNode }>) {
  return (
    <header className="recording-banner" data-testid="recording-banner">
      <p className="recording-banner-title" role="status">
        Recording · {name} · read-only
      </p>
      {children}
      <button
        type="button"
        className="btn btn-ghost btn-sm"
        data-testid="recording-close"
        onClick={() => closeRecordingChat()}
      >
        Close recording
      </button>
    </header>
  );
}

export function RecordingChat({ recording }: Readonly<{ recording: RecordingChatTarget }>) {
  useCloseOnNavigation();
  const chat = useRecordedChat(recording.endpointId);
  if (chat === null)
    return (
      <section className="chat-view chat-loading recording-chat" data-testid="recording-chat" aria-busy="true">
        <Banner name={recording.name} />
        <Spinner label="Reading the recording" />
        <span>Reading the recording…</span>
      </section>
    );
  if ('error' in chat || chat.sessions.length === 0)
    return (
      <section className="chat-view recording-chat" data-testid="recording-chat" aria-label="Recording">
        <Banner name={recording.name} />
        <p className="muted recording-empty" data-testid="recording-empty">
          {'error' in chat
            ? chat.error
            : 'This recording holds no conversation: no session was created, loaded or prompted in it.'}
        </p>
      </section>
    );
  return <RecordedConversation key={recording.endpointId} recording={recording} chat={chat} />;
}

function RecordedConversation({ recording, chat }: Readonly<{ recording: RecordingChatTarget; chat: RecordedChat }>) {
  const pickerId = useId();
  const app = useAppStore();
  const [index, setIndex] = useState(0);
  const session = chat.sessions[Math.min(index, chat.sessions.length - 1)]!;
  const fold = useMemo(() => new RecordedFold(session), [session]);
  const [at, setAt] = useState(chat.end);
  const count = eventsUntil(session.events, at);
  const state = useMemo(() => readOnlySession(fold.stateAfter(count), recording.endpointId), [fold, count, recording]);
  const overlay = useOverlayStore(app, state);
  const times = useMemo(() => [...new Set(session.events.map((e) => e.at))], [session]);
  const onChange = useCallback((t: number) => setAt(t), []);
  // "Show in chat" on one of the recording's records: its session, at the end (where every item is).
  const jump = useRecordedSessionRequest();
  useEffect(() => {
    if (!jump) return;
    const i = chat.sessions.findIndex((s) => s.sessionId === jump.sessionId);
    if (i < 0) return;
    setIndex(i);
    setAt(chat.end);
  }, [jump, chat]);
  // The inspector follows the scrubber; closed, it shows the whole recording again.
  useEffect(() => {
    setScrub({ endpointId: recording.endpointId, start: chat.start, end: chat.end, at });
  }, [recording.endpointId, chat, at]);
  useEffect(() => () => setScrub(null), []);
  return (
    <section
      className="chat-view recording-chat"
      data-testid="recording-chat"
      aria-label={`Recording ${recording.name}`}
      data-events={count}
    >
      <Banner name={recording.name}>
        {chat.sessions.length > 1 && (
          <span className="recording-session">
            <label htmlFor={pickerId}>Session</label>
            <select
              id={pickerId}
              className="input input-sm"
              value={index}
              data-testid="recording-session"
              onChange={(e) => setIndex(Number(e.target.value))}
            >
              {chat.sessions.map((s, i) => (
                <option key={s.sessionId} value={i}>
                  {s.sessionId}
                </option>
              ))}
            </select>
          </span>
        )}
      </Banner>
      <div className="recording-scrub-bar">
        <Scrubber start={chat.start} end={chat.end} at={at} times={times} onChange={onChange} />
        <span className="muted recording-count" data-testid="recording-count">
          {count} of {session.events.length} events
        </span>
      </div>
      {state.entryIds.length === 0 && (
        <p className="muted recording-empty" data-testid="recording-nothing-yet">
          Nothing had been said at this moment of the recording.
        </p>
      )}
      <StoreProvider store={overlay}>
        <ErrorBoundary area="recorded conversation">
          <MessageList key={session.sessionId} sessionId={session.sessionId} />
        </ErrorBoundary>
        <div className="chat-footer">
          <PlanPanel sessionId={session.sessionId} compact />
        </div>
      </StoreProvider>
    </section>
  );
}
