import { useEndpointName, useReadOnlyReason, useSessionSummary, useSessionValue } from '../../../state/selectors';
import { ConnectionBadge } from './ConnectionBadge';
import { ExportMenu } from './ExportMenu';
import { SessionMenu } from './SessionMenu';
import { ConfigOptions, ModePicker } from './SessionPickers';
import { UsageMeter } from './UsageMeter';

/** Title, endpoint and connection on the left; mode/config pickers, usage and export on the right. */
export function ChatHeader({ sessionId }: Readonly<{ sessionId: string }>) {
  const title = useSessionValue(sessionId, (s) => s.title);
  const cwd = useSessionValue(sessionId, (s) => s.cwd);
  const summary = useSessionSummary(sessionId);
  const endpointName = useEndpointName(sessionId);
  const locked = useReadOnlyReason(sessionId) !== null;
  const shownTitle = title ?? summary?.title ?? 'New session';
  return (
    <header className="chat-header" data-testid="chat-header">
      <div className="chat-heading">
        <h2 className="chat-title" title={shownTitle}>
          {shownTitle}
        </h2>
        <div className="chat-subtitle">
          {endpointName && <span className="chat-endpoint">{endpointName}</span>}
          {cwd && (
            <span className="chat-cwd" title={`Working directory: ${cwd}`}>
              {shortDir(cwd)}
            </span>
          )}
          <ConnectionBadge sessionId={sessionId} />
        </div>
      </div>
      <div className="chat-tools">
        <ModePicker sessionId={sessionId} disabled={locked} />
        <ConfigOptions sessionId={sessionId} disabled={locked} />
        <UsageMeter sessionId={sessionId} />
        <SessionMenu sessionId={sessionId} />
        <ExportMenu sessionId={sessionId} />
      </div>
    </header>
  );
}

/** The last two segments of a directory ("…/work/demo"). */
function shortDir(dir: string): string {
  const parts = dir.split(/[\\/]/).filter(Boolean);
  return parts.length > 2 ? `…/${parts.slice(-2).join('/')}` : dir;
}
