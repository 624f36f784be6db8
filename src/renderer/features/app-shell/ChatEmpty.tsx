import { useState } from 'react';
import { useSelectedEndpoint } from '../../state/selectors';
import { useAppStore } from '../../state/store-context';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/Panel';
import { newSession } from '../navigation/app-actions';
import { shortcutLabels } from '../navigation/shortcuts';
import { ShellIcon } from './shell-icons';

/** The chat area with no session open: start one on the selected endpoint. */
export function ChatEmpty() {
  const store = useAppStore();
  const endpoint = useSelectedEndpoint();
  const [busy, setBusy] = useState(false);
  const start = async () => {
    setBusy(true);
    await newSession(store);
    setBusy(false);
  };
  return (
    <div className="details-empty" data-testid="chat-empty">
      <EmptyState title="No session open">
        <p>
          {endpoint
            ? `Start a session on ${endpoint.name}, or pick one on the left.`
            : 'Pick an endpoint on the left, then start a session on it.'}
        </p>
        {endpoint && (
          <Button variant="primary" icon={<ShellIcon name="chat" />} busy={busy} onClick={() => void start()}>
            New session
          </Button>
        )}
        <p className="empty-keys">
          <kbd>{shortcutLabels('newSession')[0]}</kbd> new session · <kbd>{shortcutLabels('palette')[0]}</kbd> commands
        </p>
      </EmptyState>
    </div>
  );
}
