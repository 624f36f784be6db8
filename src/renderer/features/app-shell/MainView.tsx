import { useActiveSessionId, useView } from '../../state/selectors';
import { ErrorBoundary } from '../../ui/ErrorBoundary';
import { ChatView } from '../chat/ChatView';
import { EndpointDetails } from '../endpoints/EndpointDetails';
import { EndpointEditor } from '../endpoints/editor/EndpointEditor';
import { HistoryView } from '../history/HistoryView';
import { RecordingChat } from '../recording/RecordingChat';
import { useRecordingChat } from '../recording/recording-view';
import { ChatEmpty } from './ChatEmpty';

/** What the main area shows for `ui.view`: a session's chat, an endpoint, or the history (or a recording's read-only chat). */
export function MainView() {
  const view = useView();
  const activeId = useActiveSessionId();
  const recording = useRecordingChat();
  if (recording)
    return (
      <ErrorBoundary key="recording" area="recording">
        <RecordingChat recording={recording} />
      </ErrorBoundary>
    );
  switch (view.kind) {
    case 'chat':
      return (
        <ErrorBoundary key="chat" area="chat view">
          {activeId ? <ChatView sessionId={activeId} /> : <ChatEmpty />}
        </ErrorBoundary>
      );
    case 'history':
      return (
        <div className="main-scroll">
          <ErrorBoundary key="history" area="history">
            <HistoryView />
          </ErrorBoundary>
        </div>
      );
    case 'endpoint':
      return (
        <div className="main-scroll">
          <ErrorBoundary
            key={`endpoint-${view.mode}`}
            area={view.mode === 'view' ? 'endpoint view' : 'endpoint editor'}
          >
            {view.mode === 'view' ? (
              <EndpointDetails />
            ) : (
              <EndpointEditor
                key={view.endpointId ?? 'new'}
                endpointId={view.mode === 'edit' ? view.endpointId : null}
              />
            )}
          </ErrorBoundary>
        </div>
      );
  }
}
