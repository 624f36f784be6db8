/**
 * The endpoint page's status and Agent card agree with the live connection (issue 13): a
 * connected endpoint shows its agent from the connection (not "Not tested yet"), and a
 * successful test of an endpoint with no connection yet says it is reachable rather than
 * "Not connected" next to the test's success. Pure.
 */
import type { AgentProbe } from '../../../shared/domain/app';
import type { EndpointStatus } from '../../../shared/domain/history';
import type { ProbeState } from '../../state/endpoints-slice';
import type { StatusView } from './status-view';

/** What the live connection knows about the agent, or null before it has said who it is. */
export type LiveAgent = Pick<AgentProbe, 'agentInfo' | 'agentCapabilities' | 'authMethods'> & {
  readonly transport: AgentProbe['transport'] | null;
};

export function liveAgentOf(status: EndpointStatus | undefined): LiveAgent | null {
  if (!status || !status.agentInfo || status.state === 'failed' || status.state === 'closed') return null;
  return {
    agentInfo: status.agentInfo,
    agentCapabilities: status.agentCapabilities ?? {},
    authMethods: status.authMethods ?? [],
    transport: status.transport ?? null,
  };
}

/** The status line with the last test taken into account where the connection says nothing yet. */
export function withTestResult(view: StatusView, probe: ProbeState | undefined): StatusView {
  if (view.key !== 'idle' || probe?.status !== 'ok') return view;
  return {
    ...view,
    label: 'Reachable',
    detail: 'The test reached the agent; the connection opens with the first session.',
  };
}
