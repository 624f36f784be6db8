import type { SavedEndpoint } from '../../../shared/domain/endpoint';
import { useEndpointStatus, useProbe } from '../../state/selectors';
import { EmptyState, ErrorNote, Panel } from '../../ui/Panel';
import { Spinner } from '../../ui/Spinner';
import { urlHost } from './endpoint-view';
import { LiveAgentCard } from './LiveAgentCard';
import { liveAgentOf } from './live-agent-view';
import { ProbeResult } from './ProbeResult';
import { EndpointTrust } from './TrustCertificate';

/** What the last `Test connection` of this endpoint found. */
export function ProbePanel({ endpoint }: Readonly<{ endpoint: SavedEndpoint }>) {
  const probe = useProbe(endpoint.id);
  const status = useEndpointStatus(endpoint.id);
  const live = liveAgentOf(status);
  let body;
  switch (probe.status) {
    case 'idle':
      body = live ? (
        <LiveAgentCard agent={live} />
      ) : (
        <EmptyState title="Not tested yet">
          <strong>Test connection</strong> runs the ACP <code>initialize</code> handshake and shows who the agent is and
          what it supports.
        </EmptyState>
      );
      break;
    case 'testing':
      body = (
        <p className="probe-testing" role="status">
          <Spinner /> Connecting to {urlHost(endpoint.url)}…
        </p>
      );
      break;
    case 'ok':
      body = <ProbeResult probe={probe.probe} />;
      break;
    case 'error':
      body = (
        <ErrorNote message={probe.message} nextStep={probe.nextStep} details={probe.details} testId="probe-error" />
      );
      break;
  }
  return (
    <Panel title="Agent">
      {body}
      {probe.status === 'error' && probe.certificate && (
        <EndpointTrust endpoint={endpoint} certificate={probe.certificate} />
      )}
    </Panel>
  );
}
