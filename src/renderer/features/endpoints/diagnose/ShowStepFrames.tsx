/**
 * "Show frames" on a Diagnose step (or check) that made HTTP or WebSocket exchanges: opens the
 * traffic inspector on the run's own connection, filtered to exactly that step's records
 * (`seq:[from TO to]`), like a chat item's "Frames" (see traffic/frames-request.ts).
 */
import type { Frames, ProbeReport } from '../../../../shared/domain/probe-report';
import { useAppStore } from '../../../state/store-context';
import { Button } from '../../../ui/Button';
import { noteDiagnoseRun } from '../../traffic/diagnose-runs';
import { requestFrames } from '../../traffic/frames-request';

export function ShowStepFrames({
  traffic,
  frames,
  what,
}: Readonly<{
  traffic: NonNullable<ProbeReport['traffic']>;
  frames: Frames;
  /** "the step POST initialize", "the check …", for the banner and the accessible name. */
  what: string;
}>) {
  const store = useAppStore();
  const show = () => {
    noteDiagnoseRun(traffic);
    if (!store.getState().ui.sidePanelOpen) store.commands.toggleSidePanel();
    requestFrames({
      endpointId: traffic.endpointId,
      target: { kind: 'records', fromSeq: frames.fromSeq, toSeq: frames.toSeq },
      label: what,
    });
  };
  const count = frames.toSeq - frames.fromSeq + 1;
  return (
    <Button
      variant="ghost"
      size="sm"
      className="diagnose-show-frames"
      data-testid="diagnose-show-frames"
      aria-label={`Show the frames of ${what}`}
      title={`Show its ${count} traffic record${count === 1 ? '' : 's'} in the traffic inspector`}
      onClick={show}
    >
      Show frames
    </Button>
  );
}
