/** How an endpoint's live connection reads in the sidebar and the details pane (state/status-model.ts). Pure. */
import type { EndpointStatus } from '../../../shared/domain/history';
import { statusModel, type StatusView } from '../../state/status-model';

export type { StatusView } from '../../state/status-model';

export function endpointStatusView(status: EndpointStatus | undefined): StatusView {
  return statusModel({ endpoint: status });
}

/** "ACP Desk demo agent 0.1.0" when the agent has said who it is. */
export function agentLine(status: EndpointStatus | undefined): string | null {
  const info = status?.agentInfo;
  if (!info) return null;
  return `${info.title || info.name} ${info.version}`.trim();
}
