import { useId, useState } from 'react';
import type { ImportReport } from '../../state/endpoint-transfer';
import { useCommands, useAppStore } from '../../state/store-context';
import { Button } from '../../ui/Button';
import { EmptyState, ErrorNote } from '../../ui/Panel';
import { Spinner } from '../../ui/Spinner';
import { ShellIcon } from '../app-shell/shell-icons';
import { addEndpoint } from '../navigation/app-actions';
import { EndpointList } from './EndpointList';
import { EndpointTransfer, ImportReportNote } from './EndpointTransfer';
import { useEndpoints, useEndpointsLoad, useEndpointsNotice, useSelectError } from '../../state/selectors';

function SidebarBody({ headingId }: Readonly<{ headingId: string }>) {
  const endpoints = useEndpoints();
  const { loaded, loadError } = useEndpointsLoad();
  const { loadEndpoints } = useCommands();
  if (loadError) {
    return (
      <div className="sidebar-message">
        <ErrorNote message={loadError.message} nextStep={loadError.nextStep} />
        <Button size="sm" onClick={() => void loadEndpoints()}>
          Retry
        </Button>
      </div>
    );
  }
  if (!loaded) {
    return (
      <div className="sidebar-message">
        <Spinner label="Loading endpoints" />
      </div>
    );
  }
  if (endpoints.length === 0) {
    return (
      <div className="sidebar-message">
        <EmptyState title="No endpoints yet">Add an agent endpoint to start a session.</EmptyState>
      </div>
    );
  }
  return <EndpointList labelledBy={headingId} />;
}

/** A problem with the settings file, said once at the top of the list. */
function SettingsNotice() {
  const notice = useEndpointsNotice();
  if (!notice) return null;
  return (
    <p className="sidebar-notice" role="status" data-testid="settings-notice">
      {notice}
    </p>
  );
}

/** The endpoints section of the sidebar: heading with actions, the endpoint/session list. */
export function EndpointSidebar() {
  const headingId = useId();
  const store = useAppStore();
  const endpoints = useEndpoints();
  const { loaded } = useEndpointsLoad();
  const selectError = useSelectError();
  const [report, setReport] = useState<ImportReport | null>(null);
  return (
    <section className="sidebar-section sidebar-endpoints" aria-labelledby={headingId}>
      <div className="sidebar-heading">
        <h2 id={headingId}>Endpoints</h2>
        {loaded && (
          <span className="count">
            {endpoints.length}
            <span className="visually-hidden"> saved</span>
          </span>
        )}
        <span className="sidebar-heading-actions">
          <EndpointTransfer onReport={setReport} />
          <button
            type="button"
            className="icon-btn"
            data-testid="add-endpoint"
            aria-label="Add endpoint"
            title="Add endpoint"
            onClick={() => addEndpoint(store)}
          >
            <ShellIcon name="plus" />
          </button>
        </span>
      </div>
      {report && (
        <ImportReportNote
          report={report}
          onClose={() => {
            setReport(null);
            document.querySelector<HTMLElement>('[data-testid="endpoints-import"]')?.focus();
          }}
        />
      )}
      <SettingsNotice />
      <div className="sidebar-scroll">
        <SidebarBody headingId={headingId} />
        {selectError && (
          <div className="sidebar-message">
            <ErrorNote message={selectError.message} nextStep={selectError.nextStep} />
          </div>
        )}
      </div>
    </section>
  );
}
