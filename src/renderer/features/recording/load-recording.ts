/**
 * A recording's conversation for the read-only chat: its message and stream records, read
 * from the core in windows (the renderer never asks for more than a window at a time), made
 * into session events once (recorded-chat.ts). A recording does not change once opened, so
 * the answer is kept per recording.
 */
import type { Bridge } from '../../../shared/ipc/contract';
import type { TrafficRecord } from '../../../shared/domain/traffic';
import { recordedChat, type RecordedChat } from '../../../shared/traffic/recorded-chat';
import { settle } from '../../state/settle';

/** What the conversation is built from (the rest of the wire does not change the chat). */
export const CHAT_RECORDS_QUERY = 'kind:message OR kind:stream';
export const WINDOW = 5000;
/** The most records read for one recording's chat (a recording holds at most 1M). */
export const MAX_CHAT_RECORDS = 1_000_000;

const cache = new Map<string, Promise<RecordedChat | { error: string }>>();

async function read(bridge: Bridge, endpointId: string): Promise<RecordedChat | { error: string }> {
  const records: TrafficRecord[] = [];
  let fromSeq = 1;
  for (;;) {
    const r = await settle(() =>
      bridge.traffic.window({ endpointId, fromSeq, limit: WINDOW, query: CHAT_RECORDS_QUERY }),
    );
    if (!r.ok) return { error: `The recording could not be read: ${r.error.message}` };
    for (const e of r.value.records) records.push(e.record);
    const last = r.value.records[r.value.records.length - 1];
    if (!last || r.value.records.length < WINDOW || records.length >= MAX_CHAT_RECORDS) break;
    fromSeq = last.logSeq + 1;
  }
  return recordedChat(records, endpointId);
}

/** The recording's conversations (read once per recording and page). */
export function loadRecordedChat(bridge: Bridge, endpointId: string): Promise<RecordedChat | { error: string }> {
  let p = cache.get(endpointId);
  if (!p) {
    p = read(bridge, endpointId);
    cache.set(endpointId, p);
    // A failed read is tried again next time.
    void p.then((r) => 'error' in r && cache.delete(endpointId));
  }
  return p;
}

/** For tests. */
export function resetRecordedChats(): void {
  cache.clear();
}
