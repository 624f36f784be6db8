/**
 * The inspector's side of the recording's read-only chat: while the inspector shows the
 * recording the scrubber is on, its table (and the timeline's range) holds the records up to
 * the scrubbed moment (a time range run in the core, like a brush); the scrubber at the end,
 * or closed, gives the whole recording back. And a "Read-only chat" button for a recording
 * the inspector shows, to open its chat in the main area.
 */
import { useEffect, useRef } from 'react';
import type { TimeRange, TrafficStore } from '../../state/traffic-store';
import { useRecordings } from '../traffic/recordings';
import { useTraffic } from '../traffic/use-traffic';
import { showRecordingChat, useRecordingChat, useScrub } from './recording-view';

const sameRange = (a: TimeRange | null, b: TimeRange | null) =>
  a === b || (a !== null && b !== null && a.from === b.from && a.to === b.to);

/**
 * The inspector follows the recording chat: shown (or the panel opened while it is), the
 * inspector switches to that recording once (the person may pick another connection after);
 * and the scrubber's moment applies to `store` (one range query in flight at a time, the
 * newest wins).
 */
export function useScrubSync(store: TrafficStore): void {
  const chat = useRecordingChat();
  const followed = useRef<string | null>(null);
  useEffect(() => {
    if (!chat || followed.current === chat.endpointId) return;
    followed.current = chat.endpointId;
    if (store.getState().target !== chat.endpointId) void store.commands.setTarget(chat.endpointId);
  }, [chat, store]);
  const scrub = useScrub();
  const target = useTraffic(store, (s) => s.target);
  const applied = useRef(false);
  const busy = useRef(false);
  const wanted = useRef<TimeRange | null>(null);
  useEffect(() => {
    const follows = scrub !== null && scrub.endpointId === target;
    if (!follows && !applied.current) return;
    applied.current = follows;
    wanted.current = follows && scrub.at < scrub.end ? { from: scrub.start, to: scrub.at } : null;
    if (busy.current) return;
    const run = async () => {
      busy.current = true;
      while (!sameRange(store.getState().range, wanted.current)) await store.commands.setRange(wanted.current);
      busy.current = false;
    };
    void run();
  }, [scrub, target, store]);
}

/** "Read-only chat": shown while the inspector's target is a recording whose chat is not open. */
export function RecordingChatButton({ store }: Readonly<{ store: TrafficStore }>) {
  const target = useTraffic(store, (s) => s.target);
  const recordings = useRecordings();
  const open = useRecordingChat();
  const recording = recordings.find((r) => r.endpointId === target);
  if (!recording || open?.endpointId === recording.endpointId) return null;
  return (
    <button
      type="button"
      className="btn btn-ghost btn-sm"
      data-testid="recording-chat-open"
      onClick={() => showRecordingChat(recording)}
    >
      Read-only chat
    </button>
  );
}
