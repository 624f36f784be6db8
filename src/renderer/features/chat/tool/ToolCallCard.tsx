import { memo, useId, type ReactNode } from 'react';
import type { ToolCallState } from '../../../../shared/domain/session';
import { ElicitationById } from '../elicitation/ElicitationCard';
import { formatElapsed } from '../format';
import { Glyph, ToolKindIcon } from '../icons';
import { PermissionDecision } from '../permission/PermissionDecision';
import { PermissionPrompt } from '../permission/PermissionPrompt';
import { usePinnedPermission } from '../permission/pinned-context';
import { useSessionValue } from '../../../state/selectors';
import { useNow } from '../use-now';
import { useRememberedToggle } from '../use-toggle';
import { ShowFrames } from '../../traffic/ShowFrames';
import { RawDisclosure } from './RawDisclosure';
import { ToolContent } from './ToolContent';
import { STATUS_VIEW, elapsedMs, isActive, locationText, startsOpen } from './tool-view';

/** A tool call entry: reads its own state, so the row re-renders only when this call changes. */
export function ToolCallRow({
  sessionId,
  toolCallId,
  cardKey = toolCallId,
}: Readonly<{ sessionId: string; toolCallId: string; cardKey?: string }>) {
  const tc = useSessionValue(sessionId, (s) => s.toolCalls[cardKey]);
  const cwd = useSessionValue(sessionId, (s) => s.cwd) ?? null;
  const permission = useSessionValue(sessionId, (s) =>
    tc?.awaitingPermission ? s.permissions[tc.awaitingPermission] : undefined,
  );
  const pinned = usePinnedPermission(permission?.requestId);
  // The latest decision for this call shows in the card (all of them are in the exports).
  const decision = useSessionValue(sessionId, (s) => {
    const id = tc?.decisions?.[tc.decisions.length - 1];
    return id === undefined ? undefined : s.entries[id];
  });
  if (!tc) return <div className="tool tool-missing">Tool call {toolCallId}</div>;
  return (
    <ToolCallCard sessionId={sessionId} cardKey={cardKey} tc={tc} cwd={cwd}>
      {decision?.kind === 'permission' && !permission && <PermissionDecision entry={decision} />}
      {permission && !pinned && <PermissionPrompt sessionId={sessionId} permission={permission} title={tc.title} />}
      {tc.elicitations?.map((id) => (
        <ElicitationById key={id} sessionId={sessionId} entryId={id} />
      ))}
    </ToolCallCard>
  );
}

export const ToolCallCard = memo(function ToolCallCard({
  sessionId,
  cardKey,
  tc,
  cwd,
  children,
}: Readonly<{ sessionId: string; cardKey?: string; tc: ToolCallState; cwd: string | null; children?: ReactNode }>) {
  const key = `${sessionId}:${cardKey ?? tc.toolCallId}`;
  const [open, toggle] = useRememberedToggle(`${key}:open`, startsOpen(tc));
  const bodyId = useId();
  const first = tc.locations[0];
  const hasBody =
    tc.content.length > 0 || tc.locations.length > 1 || tc.rawInput !== undefined || tc.rawOutput !== undefined;
  return (
    <article
      className={`tool has-frames tool-${tc.status}${tc.awaitingPermission ? ' tool-awaiting' : ''}`}
      data-testid="tool-call"
      data-status={tc.status}
      data-kind={tc.kind}
      aria-label={`Tool call: ${tc.title}`}
    >
      <header className="tool-head">
        <button
          type="button"
          className="tool-toggle"
          aria-expanded={hasBody ? open : undefined}
          aria-controls={hasBody && open ? bodyId : undefined}
          disabled={!hasBody}
          onClick={toggle}
        >
          <Glyph name="chevron" className={hasBody ? 'disclosure-chevron' : 'disclosure-chevron invisible'} />
          <span className="tool-kind" title={tc.kind}>
            <ToolKindIcon kind={tc.kind} />
          </span>
          <span className="tool-title">{tc.title}</span>
        </button>
        {first && (
          <span className="tool-location" title={locationText(first, cwd).full}>
            {locationText(first, cwd).short}
            {tc.locations.length > 1 && ` +${tc.locations.length - 1}`}
          </span>
        )}
        <StatusChip tc={tc} />
        <ShowFrames sessionId={sessionId} of={{ kind: 'toolcall', toolCallId: tc.toolCallId }} />
      </header>
      {hasBody && open && (
        <div className="tool-body" id={bodyId}>
          {tc.locations.length > 1 && (
            <ul className="tool-locations" aria-label="Locations">
              {tc.locations.map((l, i) => (
                <li key={i}>{locationText(l).full}</li>
              ))}
            </ul>
          )}
          {tc.content.map((c, i) => (
            <ToolContent key={i} content={c} kind={tc.kind} cwd={cwd} path={first?.path} />
          ))}
          <RawDisclosure toggleKey={`${key}:raw`} rawInput={tc.rawInput} rawOutput={tc.rawOutput} />
        </div>
      )}
      {children}
    </article>
  );
});

function StatusChip({ tc }: Readonly<{ tc: ToolCallState }>) {
  const active = isActive(tc.status);
  const now = useNow(active);
  const view = tc.awaitingPermission
    ? { label: 'Needs permission', tone: 'warn' as const, icon: 'shield' as const }
    : STATUS_VIEW[tc.status];
  const ms = elapsedMs(tc, now);
  const showTime = active || ms >= 1000;
  return (
    <span className={`status-chip badge badge-${view.tone}`} data-testid="tool-status">
      {view.icon ? <Glyph name={view.icon} /> : <span className="spinner spinner-xs" aria-hidden="true" />}
      {view.label}
      {showTime && <span className="status-time"> · {formatElapsed(ms)}</span>}
    </span>
  );
}
