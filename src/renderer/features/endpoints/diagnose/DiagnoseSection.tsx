import type { SavedEndpoint } from '../../../../shared/domain/endpoint';
import type { DiagnoseProgress } from '../../../../shared/ipc/contract';
import { useDiagnoseRun } from '../../../state/selectors';
import { useAppStore } from '../../../state/store-context';
import { Button } from '../../../ui/Button';
import { EmptyState, ErrorNote, Panel } from '../../../ui/Panel';
import { Spinner } from '../../../ui/Spinner';
import { EndpointTrust } from '../TrustCertificate';
import { diagnoseCertificate } from './diagnose-certificate';
import { DiagnoseReport } from './DiagnoseReport';
import { VERDICT_LABEL } from './diagnose-view';

/** "Diagnose": the connection doctor and conformance checks against this endpoint, and their report. */
export function DiagnoseSection({ endpoint, hint }: Readonly<{ endpoint: SavedEndpoint; hint?: string }>) {
  const store = useAppStore();
  const run = useDiagnoseRun(endpoint.id);
  const running = run.status === 'running';
  const start = () => void store.commands.diagnoseEndpoint(endpoint.id);
  let body;
  switch (run.status) {
    case 'idle':
      body = (
        <EmptyState title="Not diagnosed yet">
          <strong>Diagnose</strong> checks the URL, DNS, TCP, TLS, the ACP handshake, the streams and the WebSocket
          upgrade step by step, then checks the endpoint against the remote transport RFD.
          {hint && <p className="diagnose-hint">{hint}</p>}
        </EmptyState>
      );
      break;
    case 'running':
      body = <DiagnoseRunning done={run.done} />;
      break;
    case 'done': {
      // A TLS failure that pinning would fix: offer to trust the certificate the doctor saw.
      const certificate = diagnoseCertificate(run.report);
      body = (
        <>
          <DiagnoseReport report={run.report} />
          {certificate && <EndpointTrust endpoint={endpoint} certificate={certificate} retest={start} />}
        </>
      );
      break;
    }
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
        <Button busy={running} data-testid="diagnose-run" onClick={start}>
          {running ? 'Diagnosing…' : run.status === 'idle' ? 'Diagnose' : 'Diagnose again'}
        </Button>
      }
    >
      {body}
    </Panel>
  );
}

/** While Diagnose runs: the count so far (announced politely) and each finished step or check. */
function DiagnoseRunning({ done }: Readonly<{ done: readonly DiagnoseProgress['item'][] }>) {
  const steps = done.filter((d) => d.kind === 'step').length;
  const checks = done.length - steps;
  const last = done.at(-1);
  const lastTitle = last ? (last.kind === 'step' ? last.step.title : last.check.title) : undefined;
  return (
    <div data-testid="diagnose-running">
      <p className="probe-testing" role="status">
        <Spinner /> Diagnosing…{' '}
        {done.length === 0
          ? 'this takes a few seconds'
          : `${steps} step${steps === 1 ? '' : 's'}${checks ? ` and ${checks} check${checks === 1 ? '' : 's'}` : ''} done, last: ${lastTitle}`}
      </p>
      {done.length > 0 && (
        <ol className="diagnose-live" aria-label="Finished so far" data-testid="diagnose-live">
          {done.map((d) => {
            const { id, title, verdict, durationMs } = d.kind === 'step' ? d.step : d.check;
            return (
              <li key={`${d.kind}:${id}`} data-verdict={verdict} data-testid="diagnose-live-item">
                <span className="diagnose-live-verdict">{VERDICT_LABEL[verdict] ?? verdict}</span> {title}{' '}
                <span className="diagnose-duration">{durationMs} ms</span>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
