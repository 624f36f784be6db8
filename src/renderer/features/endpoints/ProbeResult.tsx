import type { AgentProbe } from '../../../shared/domain/app';
import { Chip } from '../../ui/Badge';
import { FactList } from '../../ui/FactList';
import { transportName } from './endpoint-view';
import { formatDuration } from '../../../shared/util/duration';
import { agentIdentity, agentTitle, capabilityViews } from './probe-view';

export function AuthMethods({ methods }: Readonly<{ methods: AgentProbe['authMethods'] }>) {
  if (methods.length === 0) return <p className="muted">None advertised; the agent needs no sign-in step.</p>;
  return (
    <ul className="auth-list">
      {methods.map((m) => (
        <li key={m.id}>
          <span className="auth-name">{m.name}</span>
          {m.description && <span className="muted"> — {m.description}</span>}
        </li>
      ))}
    </ul>
  );
}

export function ProbeResult({ probe }: Readonly<{ probe: AgentProbe }>) {
  const identity = agentIdentity(probe);
  return (
    <div className="probe-result" data-testid="probe-result">
      <div className="agent-identity">
        <p className="agent-title">{agentTitle(probe)}</p>
        {identity && <p className="agent-version muted">{identity}</p>}
      </div>
      <FactList
        label="Handshake"
        facts={[
          { label: 'Protocol version', value: String(probe.protocolVersion) },
          { label: 'Transport used', value: transportName(probe.transport) },
          { label: 'Round trip', value: formatDuration(probe.durationMs, 2) },
        ]}
      />
      <h3 className="subheading">Capabilities</h3>
      <ul className="chips" aria-label="Capabilities">
        {capabilityViews(probe).map((c) => (
          <Chip key={c.label} on={c.on}>
            {c.label}
          </Chip>
        ))}
      </ul>
      <h3 className="subheading">Authentication methods</h3>
      <AuthMethods methods={probe.authMethods} />
    </div>
  );
}
