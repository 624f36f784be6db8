import { useId } from 'react';
import { useEndpointsLoad, useSelectedEndpoint } from '../../state/selectors';
import { Badge } from '../../ui/Badge';
import { EmptyState } from '../../ui/Panel';
import { EndpointSettings } from './EndpointSettings';
import { isPlainHttpToRemote } from './endpoint-view';
import { ProbePanel } from './ProbePanel';
import { TestConnectionButton } from './TestConnectionButton';

/** The main pane: the selected endpoint, its settings and what `Test connection` found. */
export function EndpointDetails() {
  const titleId = useId();
  const endpoint = useSelectedEndpoint();
  const { loaded, loadError } = useEndpointsLoad();
  if (!endpoint) {
    if (!loaded && !loadError) return null;
    return (
      <div className="details-empty">
        {loaded ? (
          <EmptyState title="No endpoint selected">
            Pick an endpoint in the list to see its settings and test it.
          </EmptyState>
        ) : (
          <EmptyState title="Endpoints are not loaded">The list on the left says what went wrong.</EmptyState>
        )}
      </div>
    );
  }
  return (
    <article className="details" aria-labelledby={titleId} data-testid="endpoint-details">
      <header className="details-header">
        <div className="details-heading">
          <div className="details-title-row">
            <h1 id={titleId} className="details-title">
              {endpoint.name}
            </h1>
            {endpoint.builtin && (
              <Badge tone="accent" title="The scripted agent built into ACP Desk">
                demo
              </Badge>
            )}
            {isPlainHttpToRemote(endpoint.url) && (
              <Badge tone="warn" title="Traffic to this agent, including header values, is not encrypted">
                unencrypted
              </Badge>
            )}
          </div>
          <p className="details-url mono">{endpoint.url}</p>
        </div>
        <TestConnectionButton endpointId={endpoint.id} />
      </header>
      <div className="details-body">
        <ProbePanel endpoint={endpoint} />
        <EndpointSettings endpoint={endpoint} />
      </div>
    </article>
  );
}
