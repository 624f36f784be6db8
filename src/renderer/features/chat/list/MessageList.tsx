import { useCallback, useMemo, useRef } from 'react';
import type { Entry, PendingPermission, SessionState } from '../../../../shared/domain/session';
import { Glyph } from '../icons';
import { PermissionPrompt } from '../permission/PermissionPrompt';
import { useSessionValue } from '../session-hooks';
import { EntryRow } from './EntryRow';
import { useAtEnd } from './use-at-end';
import { VirtualRow } from './VirtualRow';
import { useMessageVirtualizer } from './use-message-virtualizer';
import { END_THRESHOLD } from './virtual-config';

const NO_IDS: readonly string[] = [];
const NO_ENTRIES: Readonly<Record<string, Entry>> = {};
const NO_PERMISSIONS: SessionState['permissions'] = {};

/** Permission requests whose tool call has no row in the timeline (shown after the last row). */
function orphansOf(
  permissions: SessionState['permissions'],
  ids: readonly string[],
  entries: Readonly<Record<string, Entry>>,
): PendingPermission[] {
  const pending = Object.values(permissions);
  if (pending.length === 0) return [];
  const listed = new Set<string>();
  for (const id of ids) {
    const e = entries[id];
    if (e?.kind === 'tool_call') listed.add(e.toolCallId);
  }
  return pending.filter((p) => !listed.has(p.toolCall.toolCallId));
}

/**
 * The conversation, virtualized: only the rows near the viewport are in the DOM. It follows
 * the end while content streams, unless the person scrolled up ("Jump to latest" then).
 */
export function MessageList({ sessionId }: Readonly<{ sessionId: string }>) {
  const ids = useSessionValue(sessionId, (s) => s.entryIds) ?? NO_IDS;
  const entries = useSessionValue(sessionId, (s) => s.entries) ?? NO_ENTRIES;
  const running = useSessionValue(sessionId, (s) => s.turn.status !== 'idle') ?? false;
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useMessageVirtualizer(ids, scroller);
  const lastId = ids[ids.length - 1];
  const toEnd = useCallback(() => virtualizer.scrollToEnd(), [virtualizer]);
  const atEnd = useAtEnd(scroller, END_THRESHOLD, toEnd);
  return (
    <div className="message-list-wrap">
      <div
        ref={scroller}
        className="message-list"
        data-testid="message-list"
        role="log"
        aria-live="polite"
        aria-busy={running}
        aria-label="Conversation"
        tabIndex={0}
      >
        {ids.length === 0 && <EmptyConversation />}
        <div className="message-list-inner" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const id = ids[item.index]!;
            const entry = entries[id];
            return (
              <VirtualRow key={item.key} virtualizer={virtualizer} index={item.index} start={item.start}>
                {entry && <EntryRow sessionId={sessionId} entry={entry} streaming={running && id === lastId} />}
              </VirtualRow>
            );
          })}
        </div>
        <ListFooter
          sessionId={sessionId}
          ids={ids}
          entries={entries}
          waiting={running && entries[lastId ?? '']?.kind === 'user'}
        />
      </div>
      {!atEnd && (
        <button type="button" className="jump-latest" data-testid="jump-latest" onClick={toEnd}>
          <Glyph name="chevron" className="jump-chevron" />
          Jump to latest
        </button>
      )}
    </div>
  );
}

/** Below the rows: "waiting for the agent" and permission requests of unlisted tool calls. */
function ListFooter({
  sessionId,
  ids,
  entries,
  waiting,
}: Readonly<{
  sessionId: string;
  ids: readonly string[];
  entries: Readonly<Record<string, Entry>>;
  waiting: boolean;
}>) {
  const permissions = useSessionValue(sessionId, (s) => s.permissions) ?? NO_PERMISSIONS;
  const orphans = useMemo(() => orphansOf(permissions, ids, entries), [permissions, ids, entries]);
  if (orphans.length === 0 && !waiting) return null;
  return (
    <div className="message-list-footer">
      {waiting && (
        <p className="working">
          <span className="spinner spinner-xs" aria-hidden="true" />
          <span className="shimmer">Waiting for the agent…</span>
        </p>
      )}
      {orphans.map((p) => (
        <div className="row-static" key={p.requestId}>
          <PermissionPrompt sessionId={sessionId} permission={p} title={p.toolCall.title ?? 'a tool'} />
        </div>
      ))}
    </div>
  );
}

function EmptyConversation() {
  return (
    <div className="chat-empty">
      <p className="chat-empty-title">Start the conversation</p>
      <p className="chat-empty-body">
        Ask the agent for something. Type <kbd>/</kbd> for its commands; paste or drop images and files to attach them.
      </p>
    </div>
  );
}
