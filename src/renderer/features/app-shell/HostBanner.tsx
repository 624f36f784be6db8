import { useCommands } from '../../state/store-context';
import { useHostConnection } from '../../state/selectors';
import { Button } from '../../ui/Button';

/** Browser mode only: says so when the `acp-desk web` host is out of reach. */
export function HostBanner() {
  const connection = useHostConnection();
  const { retryHost } = useCommands();
  if (!connection || connection.state === 'open' || connection.state === 'connecting') return null;
  const offline = connection.state === 'offline';
  return (
    <div className={offline ? 'banner banner-danger' : 'banner banner-warn'} role="status">
      {offline ? (
        <span>
          The ACP Desk host is not answering. Check that <code>acp-desk web</code> is still running, then retry.
        </span>
      ) : (
        <span>Lost the connection to the ACP Desk host. Reconnecting (attempt {connection.attempt})…</span>
      )}
      <Button size="sm" variant="secondary" onClick={retryHost}>
        Retry now
      </Button>
    </div>
  );
}
