/** `traffic:openRecording` / `traffic:recordings`: recordings opened offline, fed into the traffic log. */
import { randomUUID } from 'node:crypto';
import { Recordings } from '../../shared/traffic/recordings';
import type { InvokeHandlers } from '../host/dispatch';
import type { TrafficLogHost } from './traffic-host';

type RecordingHandlers = Pick<InvokeHandlers, 'traffic:openRecording' | 'traffic:recordings'>;

export function recordingHandlers(traffic: TrafficLogHost): RecordingHandlers {
  const recordings = new Recordings((id, records) => traffic.append(id, records), randomUUID);
  return {
    'traffic:openRecording': (part) => recordings.push(part),
    'traffic:recordings': () => recordings.list(),
  };
}
