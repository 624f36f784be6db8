import { Chip } from '../../ui/Badge';
import { FactList } from '../../ui/FactList';
import { transportName } from './endpoint-view';
import type { LiveAgent } from './live-agent-view';
import { agentIdentity, agentTitle, capabilityViews } from './probe-view';
import { AuthMethods } from './ProbeResult';

/** The Agent card of a connected endpoint that was not tested in this window: what the connection learned. */
export function LiveAgentCard({ agent }: Readonly<{ agent: LiveAgent }>) {
  const identity = agentIdentity(agent);
  return (
    <div className="probe-result" data-testid="live-agent">
      <div className="agent-identity">
        <p className="agent-title">{agentTitle(agent)}</p>
        {identity && <p className="agent-version muted">{identity}</p>}
      </div>
      <p className="muted">
        From the live connection. <strong>Test connection</strong> runs a fresh handshake.
      </p>
      {agent.transport && (
        <FactList label="Connection" facts={[{ label: 'Transport in use', value: transportName(agent.transport) }]} />
      )}
      <h3 className="subheading">Capabilities</h3>
      <ul className="chips" aria-label="Capabilities">
        {capabilityViews(agent).map((c) => (
          <Chip key={c.label} on={c.on}>
            {c.label}
          </Chip>
        ))}
      </ul>
      <h3 className="subheading">Authentication methods</h3>
      <AuthMethods methods={agent.authMethods} />
    </div>
  );
}
