import { useRef, type ChangeEvent } from 'react';
import type { ImportReport } from '../../state/endpoint-transfer';
import { useAppStore } from '../../state/store-context';
import { downloadFile } from '../../ui/download-file';
import { ShellIcon } from '../app-shell/shell-icons';

/** Import (a JSON file) and export (a download, never with secret values) of the saved endpoints. */
export function EndpointTransfer({ onReport }: Readonly<{ onReport: (report: ImportReport) => void }>) {
  const store = useAppStore();
  const file = useRef<HTMLInputElement>(null);
  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const chosen = e.target.files?.[0];
    e.target.value = '';
    if (!chosen) return;
    onReport(await store.commands.importEndpoints(await chosen.text()));
  };
  return (
    <>
      <button
        type="button"
        className="icon-btn"
        data-testid="endpoints-import"
        aria-label="Import endpoints"
        title="Import endpoints from a JSON file"
        onClick={() => file.current?.click()}
      >
        <ShellIcon name="import" />
      </button>
      <input
        ref={file}
        type="file"
        accept="application/json,.json"
        hidden
        data-testid="endpoints-import-file"
        onChange={(e) => void onFile(e)}
      />
      <button
        type="button"
        className="icon-btn"
        data-testid="endpoints-export"
        aria-label="Export endpoints"
        title="Export endpoints as JSON (secret values are never exported)"
        onClick={() => downloadFile(store.commands.exportEndpoints())}
      >
        <ShellIcon name="export" />
      </button>
    </>
  );
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** What an import did: how many were saved, which entries were skipped and why. */
export function ImportReportNote({ report, onClose }: Readonly<{ report: ImportReport; onClose: () => void }>) {
  const summary =
    report.fileError ??
    `Imported ${plural(report.imported.length, 'endpoint')}${report.skipped.length ? `, skipped ${report.skipped.length}` : ''}.`;
  const tone = report.fileError || report.imported.length === 0 ? 'import-report import-report-warn' : 'import-report';
  return (
    <div className={tone} role="status" data-testid="import-report">
      <p className="import-report-summary">{summary}</p>
      {report.skipped.length > 0 && (
        <ul className="import-report-list" aria-label="Skipped entries">
          {report.skipped.map((s, i) => (
            <li key={`${s.label}-${i}`}>
              <strong>{s.label}</strong>: {s.reason}
            </li>
          ))}
        </ul>
      )}
      <button
        type="button"
        className="icon-btn import-report-close"
        aria-label="Dismiss the import report"
        onClick={onClose}
      >
        <ShellIcon name="close" />
      </button>
    </div>
  );
}
