/** The inspector's controls: connection picker, pause/resume with "N new", export, clear, width. */
import { useEffect, useId, useState } from 'react';
import { useBridge } from '../../bridge/bridge-context';
import { useEndpoints } from '../../state/selectors';
import { ALL, type TrafficStore } from '../../state/traffic-store';
import { serializeJsonl } from '../../../shared/traffic/jsonl';
import { downloadFile } from '../../ui/download-file';
import { OpenRecordingButton } from './OpenRecording';
import { loadDiagnoseRuns, useDiagnoseRuns } from './diagnose-runs';
import { recordingLabel, useRecordings } from './recordings';
import { useTraffic } from './use-traffic';

export function ConnectionPicker({ store }: Readonly<{ store: TrafficStore }>) {
  const id = useId();
  const endpoints = useEndpoints();
  const recordings = useRecordings();
  const runs = useDiagnoseRuns();
  const bridge = useBridge();
  useEffect(() => void loadDiagnoseRuns(bridge), [bridge]);
  const target = useTraffic(store, (s) => s.target);
  return (
    <div className="traffic-picker">
      <label htmlFor={id}>Connection</label>
      <select
        id={id}
        className="input traffic-select"
        data-testid="traffic-target"
        value={target}
        onChange={(e) => void store.commands.setTarget(e.target.value)}
      >
        <option value={ALL}>All connections</option>
        {endpoints.map((e) => (
          <option key={e.id} value={e.id}>
            {e.name}
          </option>
        ))}
        {recordings.map((r) => (
          <option key={r.endpointId} value={r.endpointId}>
            {recordingLabel(r)}
          </option>
        ))}
        {runs.map((r) => (
          <option key={r.endpointId} value={r.endpointId}>
            {r.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function ExportButtons({ store }: Readonly<{ store: TrafficStore }>) {
  const target = useTraffic(store, (s) => s.target);
  const [note, setNote] = useState('');
  const run = async (format: 'jsonl' | 'har') => {
    const r = await store.commands.exportLog(format);
    if ('error' in r) {
      setNote(r.error);
      return;
    }
    downloadFile(r);
    setNote(
      `Exported ${r.records} record${r.records === 1 ? '' : 's'} as ${format.toUpperCase()}` +
        (r.incomplete ? '; the oldest records were no longer kept.' : '.'),
    );
  };
  const hint = target === ALL ? 'Pick one connection to export its traffic' : undefined;
  /** What the table holds now (a query's answer, or the live window), any connection. */
  const exportView = () => {
    const entries = store.getState().entries;
    const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
    downloadFile({
      fileName: `traffic-view-${stamp}.jsonl`,
      mimeType: 'application/x-ndjson',
      content: serializeJsonl(entries.map((e) => e.record)),
    });
    setNote(`Exported the ${entries.length} record${entries.length === 1 ? '' : 's'} shown as JSONL.`);
  };
  return (
    <>
      <button
        type="button"
        className="btn btn-secondary btn-sm"
        data-testid="traffic-export-jsonl"
        disabled={target === ALL}
        title={hint}
        onClick={() => void run('jsonl')}
      >
        Export JSONL
      </button>
      <button
        type="button"
        className="btn btn-secondary btn-sm"
        data-testid="traffic-export-har"
        disabled={target === ALL}
        title={hint}
        onClick={() => void run('har')}
      >
        Export HAR
      </button>
      <button type="button" className="btn btn-ghost btn-sm" data-testid="traffic-export-view" onClick={exportView}>
        Export view
      </button>
      <span className="traffic-note" role="status" data-testid="traffic-export-note">
        {note}
      </span>
    </>
  );
}

export function TrafficToolbar({
  store,
  wide,
  onWide,
  onClose,
  onOpenFile,
}: Readonly<{
  store: TrafficStore;
  wide: boolean;
  onWide: (wide: boolean) => void;
  onClose: () => void;
  onOpenFile: (file: File) => void;
}>) {
  const paused = useTraffic(store, (s) => s.paused);
  const newCount = useTraffic(store, (s) => s.newCount);
  const bridge = useBridge();
  // A clear of every connection forgets the Diagnose runs too.
  const clear = () => void store.commands.clear().then(() => loadDiagnoseRuns(bridge));
  return (
    <div className="traffic-toolbar" role="group" aria-label="Traffic controls">
      <ConnectionPicker store={store} />
      <button
        type="button"
        className="btn btn-secondary btn-sm"
        aria-pressed={paused}
        data-testid="traffic-pause"
        onClick={() => store.commands.setPaused(!paused)}
      >
        {paused ? 'Resume' : 'Pause'}
      </button>
      {paused && newCount > 0 && (
        <button
          type="button"
          className="traffic-new-pill"
          data-testid="traffic-new"
          onClick={() => store.commands.setPaused(false)}
        >
          {newCount} new
        </button>
      )}
      <ExportButtons store={store} />
      <OpenRecordingButton onFile={onOpenFile} />
      <button type="button" className="btn btn-ghost btn-sm" data-testid="traffic-clear" onClick={clear}>
        Clear
      </button>
      <button type="button" className="btn btn-ghost btn-sm" aria-pressed={wide} onClick={() => onWide(!wide)}>
        Wide panel
      </button>
      <button type="button" className="btn btn-ghost btn-sm" data-testid="traffic-close" onClick={onClose}>
        Close inspector
      </button>
    </div>
  );
}
