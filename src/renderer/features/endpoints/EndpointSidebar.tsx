import { useId } from 'react';
import { useCommands } from '../../state/store-context';
import { useEndpoints, useEndpointsLoad, useSelectError } from '../../state/selectors';
import { Button } from '../../ui/Button';
import { EmptyState, ErrorNote } from '../../ui/Panel';
import { Spinner } from '../../ui/Spinner';
import { EndpointList } from './EndpointList';

export function EndpointSidebar() {
  const headingId = useId();
  const endpoints = useEndpoints();
  const { loaded, loadError } = useEndpointsLoad();
  const selectError = useSelectError();
  const { loadEndpoints } = useCommands();

  let body;
  if (loadError) {
    body = (
      <div className="sidebar-message">
        <ErrorNote message={loadError.message} nextStep={loadError.nextStep} />
        <Button size="sm" onClick={() => void loadEndpoints()}>
          Retry
        </Button>
      </div>
    );
  } else if (!loaded) {
    body = (
      <div className="sidebar-message">
        <Spinner label="Loading endpoints" />
      </div>
    );
  } else if (endpoints.length === 0) {
    body = <EmptyState title="No endpoints yet">Saved agent endpoints appear here.</EmptyState>;
  } else {
    body = <EndpointList labelledBy={headingId} />;
  }

  return (
    <div className="sidebar-inner">
      <div className="sidebar-heading">
        <h2 id={headingId}>Endpoints</h2>
        {loaded && (
          <span className="count">
            {endpoints.length}
            <span className="visually-hidden"> saved</span>
          </span>
        )}
      </div>
      {body}
      {selectError && (
        <div className="sidebar-message">
          <ErrorNote message={selectError.message} nextStep={selectError.nextStep} />
        </div>
      )}
    </div>
  );
}
