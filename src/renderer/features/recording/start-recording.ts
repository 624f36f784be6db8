/** `acp-desk web --open FILE`: the recording the core opened at start is shown as a chat too. */
import type { Bridge } from '../../../shared/ipc/contract';
import { settle } from '../../state/settle';
import { showRecordingChat } from './recording-view';

export async function showStartRecordingChat(bridge: Bridge): Promise<void> {
  const r = await settle(() => bridge.traffic.recordings({}));
  const start = r.ok ? r.value.find((x) => x.openAtStart) : undefined;
  if (start) showRecordingChat(start);
}
