/**
 * "Show in chat" on a record of the inspector: scrolls the conversation that record built to
 * its item (tool call card, message, thought, prompt) and highlights it, like a history hit.
 */
import { useState } from 'react';
import type { TrafficEntry } from '../../../shared/ipc/contract';
import type { Exchange } from '../../../shared/traffic/pairing';
import { useBridge } from '../../bridge/bridge-context';
import { useAppStore } from '../../state/store-context';
import { requestEntryFocus } from '../chat/list/focus-request';
import { showInRecordedChat } from '../recording/show-in-recording';
import { chatLinkOf, promptTurns, resolveChatLink } from './traffic-links';

export function ShowInChat({ entry, exchange }: Readonly<{ entry: TrafficEntry; exchange: Exchange | undefined }>) {
  const bridge = useBridge();
  const store = useAppStore();
  const [note, setNote] = useState('');
  const link = chatLinkOf(entry, exchange);
  if (!link) return null;
  const show = async () => {
    setNote('');
    // A record of the recording whose read-only chat is open: its item there.
    const recorded = await showInRecordedChat(bridge, entry, link);
    if (recorded !== null) return setNote(recorded ? '' : 'This record’s item is not in the conversation shown here.');
    const sid = link.sessionId;
    if (store.getState().sessions.activeId !== sid || !store.getState().sessions.byId[sid])
      await store.sessions.openSession(sid);
    const session = store.getState().sessions.byId[sid];
    const turns = link.kind === 'turn' ? await promptTurns(bridge, entry.endpointId, sid) : [];
    const entryId = session && !('error' in turns) ? resolveChatLink(link, session, turns) : undefined;
    if (!entryId) {
      setNote('This record’s item is not in the conversation shown here.');
      return;
    }
    requestEntryFocus(sid, entryId);
  };
  return (
    <>
      <button
        type="button"
        className="btn btn-secondary btn-sm"
        data-testid="traffic-show-in-chat"
        onClick={() => void show()}
      >
        Show in chat
      </button>
      {note && (
        <span className="muted traffic-link-note" role="status">
          {note}
        </span>
      )}
    </>
  );
}
