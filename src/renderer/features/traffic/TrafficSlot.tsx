/**
 * The side panel's traffic slot: one button until the inspector is opened. The inspector
 * (query parser, table, exports) is loaded only then, so it costs the app's start nothing.
 */
import { lazy, Suspense, useEffect, useState } from 'react';
import { useBridge } from '../../bridge/bridge-context';
import { isPendingFrames, useFramesRequest } from './frames-request';
import { showStartRecordingChat } from '../recording/start-recording';
import { checkStartRecording } from './recordings';

const TrafficPanel = lazy(() => import('./TrafficInspector').then((m) => ({ default: m.TrafficPanel })));

export function TrafficInspector() {
  const [open, setOpen] = useState(false);
  // "Show frames" on a chat item opens the inspector (which then applies the request).
  const request = useFramesRequest();
  useEffect(() => {
    if (isPendingFrames(request)) setOpen(true);
  }, [request]);
  // `acp-desk web --open FILE`: the inspector starts open on that recording.
  const bridge = useBridge();
  useEffect(() => {
    void checkStartRecording(bridge).then((yes) => {
      if (!yes) return;
      setOpen(true);
      void showStartRecordingChat(bridge);
    });
  }, [bridge]);
  if (open)
    return (
      <Suspense fallback={<p className="muted">Loading the traffic inspector…</p>}>
        <TrafficPanel onClose={() => setOpen(false)} />
      </Suspense>
    );
  return (
    <div className="traffic-closed">
      <p className="muted">Every HTTP exchange, stream and JSON-RPC message of your connections, live.</p>
      <button
        type="button"
        className="btn btn-secondary btn-sm"
        data-testid="traffic-open"
        onClick={() => setOpen(true)}
      >
        Open traffic inspector
      </button>
    </div>
  );
}
