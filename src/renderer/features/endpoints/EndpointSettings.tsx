import type { SavedEndpoint } from '../../../shared/domain/endpoint';
import { Badge } from '../../ui/Badge';
import { FactList, type Fact } from '../../ui/FactList';
import { IconLock } from '../../ui/icons';
import { Panel } from '../../ui/Panel';
import { transportProfileText } from './endpoint-view';

function HeaderList({ headers }: Readonly<{ headers: SavedEndpoint['headers'] }>) {
  if (headers.length === 0) return <span className="muted">None</span>;
  return (
    <ul className="header-list">
      {headers.map((h) => (
        <li key={h.name} className="header-row">
          <span className="mono">{h.name}</span>
          {h.secret ? (
            <Badge tone={h.hasValue ? 'neutral' : 'warn'} title="Secret values stay in the host and are never shown">
              <IconLock />
              {h.hasValue ? 'secret' : 'secret, no value'}
            </Badge>
          ) : (
            <span className="mono muted">{h.value}</span>
          )}
        </li>
      ))}
    </ul>
  );
}

export function EndpointSettings({ endpoint }: Readonly<{ endpoint: SavedEndpoint }>) {
  const facts: Fact[] = [
    { label: 'URL', value: endpoint.url, mono: true },
    { label: 'Transport', value: transportProfileText(endpoint) },
    { label: 'Headers', value: <HeaderList headers={endpoint.headers} /> },
    {
      label: 'Working directory',
      value: endpoint.cwd || <span className="muted">Agent default</span>,
      mono: Boolean(endpoint.cwd),
    },
    {
      label: 'Idle timeout',
      value: endpoint.idleTimeoutSec ? `${endpoint.idleTimeoutSec} s` : <span className="muted">Default</span>,
    },
    {
      label: 'MCP servers',
      value: endpoint.mcpServers?.length ? (
        endpoint.mcpServers.map((m) => `${m.name} (${m.type})`).join(', ')
      ) : (
        <span className="muted">None</span>
      ),
    },
  ];
  return (
    <Panel title="Connection">
      <FactList facts={facts} label="Connection settings" />
      {endpoint.notes && (
        <div className="notes">
          <h3 className="subheading">Notes</h3>
          <p className="notes-text">{endpoint.notes}</p>
        </div>
      )}
    </Panel>
  );
}
