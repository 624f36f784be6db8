/**
 * "Show in chat" on a record of a recording whose read-only chat is open: the item it built is
 * looked up in the recorded conversation (as it ended) and focused there, like a live record
 * in the live chat.
 */
import type { Bridge, TrafficEntry } from '../../../shared/ipc/contract';
import { RecordedFold } from '../../../shared/traffic/recorded-chat';
import { requestEntryFocus } from '../chat/list/focus-request';
import { promptTurns, resolveChatLink, type ChatLink } from '../traffic/traffic-links';
import { loadRecordedChat } from './load-recording';
import { currentRecordingChat, requestRecordedSession } from './recording-view';

/** null: the record is not of the open recording's chat; else whether its item was found and shown. */
export async function showInRecordedChat(bridge: Bridge, entry: TrafficEntry, link: ChatLink): Promise<boolean | null> {
  if (currentRecordingChat()?.endpointId !== entry.endpointId) return null;
  const chat = await loadRecordedChat(bridge, entry.endpointId);
  const session = 'error' in chat ? undefined : chat.sessions.find((s) => s.sessionId === link.sessionId);
  if (!session) return false;
  const turns = link.kind === 'turn' ? await promptTurns(bridge, entry.endpointId, link.sessionId) : [];
  if ('error' in turns) return false;
  const entryId = resolveChatLink(link, new RecordedFold(session).stateAfter(Infinity), turns);
  if (!entryId) return false;
  requestRecordedSession(link.sessionId);
  requestEntryFocus(link.sessionId, entryId);
  return true;
}
