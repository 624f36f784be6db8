import { useState } from 'react';
import type { SavedEndpoint } from '../../../../shared/domain/endpoint';
import type { ProbeReport } from '../../../../shared/domain/probe-report';
import { useBridge } from '../../../bridge/bridge-context';
import { Button } from '../../../ui/Button';
import { EmptyState, ErrorNote, Panel } from '../../../ui/Panel';
import { Spinner } from '../../../ui/Spinner';
import { DiagnoseReport } from './DiagnoseReport';

type RunState =
  | { readonly status: 'idle' }
  | { readonly status: 'running' }
  | { readonly status: 'done'; readonly report: ProbeReport }
  | { readonly status: 'error'; readonly message: string };

/** "Diagnose": the connection doctor and conformance checks against this endpoint, and their report. */
export function DiagnoseSection({ endpoint }: Readonly<{ endpoint: SavedEndpoint }>) {
  const bridge = useBridge();
  const [run, setRun] = useState<RunState>({ status: 'idle' });
  const running = run.status === 'running';
  const start = async () => {
    setRun({ status: 'running' });
    const result = await bridge.endpoints.diagnose({ id: endpoint.id });
    setRun(result.ok ? { status: 'done', report: result.value } : { status: 'error', message: result.error.message });
  };
  let body;
  switch (run.status) {
    case 'idle':
      body = (
        <EmptyState title="Not diagnosed yet">
          <strong>Diagnose</strong> checks the URL, DNS, TCP, TLS, the ACP handshake, the streams and the WebSocket
          upgrade step by step, then checks the endpoint against the remote transport RFD.
        </EmptyState>
      );
      break;
    case 'running':
      body = (
        <p className="probe-testing" role="status" data-testid="diagnose-running">
          <Spinner /> Diagnosing… this takes a few seconds
        </p>
      );
      break;
    case 'done':
      body = <DiagnoseReport report={run.report} />;
      break;
    case 'error':
      body = (
        <ErrorNote
          message={run.message}
          nextStep="Check that ACP Desk is still running, then diagnose again."
          testId="diagnose-error"
        />
      );
      break;
  }
  return (
    <Panel
      title="Diagnose"
      testId="diagnose-panel"
      actions={
        <Button busy={running} data-testid="diagnose-run" onClick={() => void start()}>
          {running ? 'Diagnosing…' : run.status === 'idle' ? 'Diagnose' : 'Diagnose again'}
        </Button>
      }
    >
      {body}
    </Panel>
  );
}
