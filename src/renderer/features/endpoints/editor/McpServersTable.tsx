import { useCapabilitiesAsSeen } from '../../../state/selectors';
import { Button } from '../../../ui/Button';
import { ShellIcon } from '../../app-shell/shell-icons';
import type { McpKind } from './form-model';
import { McpServerRow } from './McpServerRow';
import type { EndpointFormApi } from './use-endpoint-form';

const focusLater = (selector: string) => setTimeout(() => document.querySelector<HTMLElement>(selector)?.focus(), 0);

/**
 * MCP servers the agent is asked to connect to in each session. stdio is always offered (every
 * agent must support it); http and sse only when the agent advertises them in `mcpCapabilities`.
 */
export function McpServersTable({ api, endpointId }: Readonly<{ api: EndpointFormApi; endpointId: string | null }>) {
  const caps = useCapabilitiesAsSeen(endpointId)?.mcpCapabilities;
  const kinds: McpKind[] = [
    'stdio',
    ...(caps?.http ? (['http'] as const) : []),
    ...(caps?.sse ? (['sse'] as const) : []),
  ];
  const rows = api.form.mcpServers;
  const add = (kind: McpKind) => {
    const key = api.mcp.add(kind);
    focusLater(`[data-mcp-key="${key}"] [data-testid="mcp-name-input"]`);
  };
  return (
    <div className="mcp-editor" data-testid="mcp-servers">
      {rows.length > 0 ? (
        rows.map((m, i) => (
          <McpServerRow
            key={m.key}
            server={m}
            index={i}
            api={api}
            onRemove={() => {
              api.mcp.remove(m.key);
              focusLater('[data-testid="add-mcp-stdio"]');
            }}
          />
        ))
      ) : (
        <p className="muted headers-empty">No MCP servers.</p>
      )}
      <div className="mcp-add">
        {kinds.map((kind) => (
          <Button
            key={kind}
            size="sm"
            variant="ghost"
            icon={<ShellIcon name="plus" />}
            data-testid={`add-mcp-${kind}`}
            onClick={() => add(kind)}
          >
            {kind === 'stdio' ? 'Add stdio server' : kind === 'http' ? 'Add HTTP server' : 'Add SSE server'}
          </Button>
        ))}
      </div>
      {kinds.length === 1 && (
        <p className="field-hint" data-testid="mcp-kinds-note">
          {endpointId
            ? 'HTTP and SSE servers are offered when the agent advertises them; test the connection to check.'
            : 'HTTP and SSE servers are offered once the saved endpoint has been tested and the agent advertises them.'}
        </p>
      )}
    </div>
  );
}
