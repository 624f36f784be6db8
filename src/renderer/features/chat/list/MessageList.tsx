import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { Entry, PendingPermission, SessionState } from '../../../../shared/domain/session';
import { cardKey } from '../../../../shared/session/timeline';
import { Glyph } from '../icons';
import { PermissionPrompt } from '../permission/PermissionPrompt';
import { PinnedPermissions } from '../permission/pinned-context';
import { useSessionValue } from '../../../state/selectors';
import { EntryRow } from './EntryRow';
import { useEntryFocus } from './focus-request';
import { useAtEnd } from './use-at-end';
import { VirtualRow } from './VirtualRow';
import { useMessageVirtualizer } from './use-message-virtualizer';
import { END_THRESHOLD } from './virtual-config';

const NO_IDS: readonly string[] = [];
const NO_ENTRIES: Readonly<Record<string, Entry>> = {};
const NO_PERMISSIONS: SessionState['permissions'] = {};

const NO_TOOL_CALLS: SessionState['toolCalls'] = {};

/** For each pending permission request, the index of the row of the card awaiting it (absent: no row). */
function rowsOfRequests(
  permissions: SessionState['permissions'],
  toolCalls: SessionState['toolCalls'],
  ids: readonly string[],
  entries: Readonly<Record<string, Entry>>,
): ReadonlyMap<string, number> {
  const rows = new Map<string, number>();
  if (Object.keys(permissions).length === 0) return rows;
  ids.forEach((id, index) => {
    const e = entries[id];
    const waiting = e?.kind === 'tool_call' ? toolCalls[cardKey(e)]?.awaitingPermission : undefined;
    if (waiting && permissions[waiting]) rows.set(waiting, index);
  });
  return rows;
}

/** The entries that get a row: a permission decision or an elicitation shows in its tool call's card instead. */
function rowIds(ids: readonly string[], entries: Readonly<Record<string, Entry>>): readonly string[] {
  let cards: Set<string> | null = null;
  const out: string[] = [];
  for (const id of ids) {
    const e = entries[id];
    if ((e?.kind === 'permission' || e?.kind === 'elicitation') && e.cardKey !== undefined) {
      cards ??= new Set(ids.flatMap((i) => (entries[i]?.kind === 'tool_call' ? [cardKey(entries[i])] : [])));
      if (cards.has(e.cardKey)) continue;
    }
    out.push(id);
  }
  return out.length === ids.length ? ids : out;
}

/** Row ids per timeline (entries never change kind, so `entryIds` alone decides them). */
const ROWS = new WeakMap<readonly string[], readonly string[]>();
function rowIdsOf(s: SessionState): readonly string[] {
  let rows = ROWS.get(s.entryIds);
  if (!rows) ROWS.set(s.entryIds, (rows = rowIds(s.entryIds, s.entries)));
  return rows;
}

/** Permission requests whose tool call has no row in the timeline (shown after the last row). */
function orphansOf(permissions: SessionState['permissions'], rows: ReadonlyMap<string, number>): PendingPermission[] {
  return Object.values(permissions).filter((p) => !rows.has(p.requestId));
}

/**
 * Requests whose card has a row outside the visible range (pinned above the composer). While
 * the list follows the end, a row just appended below the range is about to be scrolled to.
 */
function offscreenOf(
  permissions: SessionState['permissions'],
  rows: ReadonlyMap<string, number>,
  range: { readonly startIndex: number; readonly endIndex: number } | null,
  following: boolean,
): PendingPermission[] {
  if (!range) return [];
  return Object.values(permissions).filter((p) => {
    const row = rows.get(p.requestId);
    return row !== undefined && (row < range.startIndex || (row > range.endIndex && !following));
  });
}

/** The entry a search hit asked for: scrolled to the middle once it has a row. */
function useFocusedRow(
  sessionId: string,
  ids: readonly string[],
  virtualizer: ReturnType<typeof useMessageVirtualizer>,
): string | null {
  const focused = useEntryFocus(sessionId);
  const index = focused ? ids.indexOf(focused) : -1;
  useEffect(() => {
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'center' });
  }, [index, virtualizer]);
  return focused;
}

/**
 * The conversation, virtualized: only the rows near the viewport are in the DOM. It follows
 * the end while content streams, unless the person scrolled up ("Jump to latest" then).
 */
export function MessageList({ sessionId }: Readonly<{ sessionId: string }>) {
  const ids = useSessionValue(sessionId, rowIdsOf) ?? NO_IDS;
  const entries = useSessionValue(sessionId, (s) => s.entries) ?? NO_ENTRIES;
  const running = useSessionValue(sessionId, (s) => s.turn.status !== 'idle') ?? false;
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useMessageVirtualizer(ids, scroller);
  const lastId = ids[ids.length - 1];
  const toEnd = useCallback(() => virtualizer.scrollToEnd(), [virtualizer]);
  const atEnd = useAtEnd(scroller, END_THRESHOLD, toEnd);
  const permissions = useSessionValue(sessionId, (s) => s.permissions) ?? NO_PERMISSIONS;
  const toolCalls = useSessionValue(sessionId, (s) => s.toolCalls) ?? NO_TOOL_CALLS;
  const rows = useMemo(
    () => rowsOfRequests(permissions, toolCalls, ids, entries),
    [permissions, toolCalls, ids, entries],
  );
  const focused = useFocusedRow(sessionId, ids, virtualizer);
  const [items, range] = [virtualizer.getVirtualItems(), virtualizer.range];
  const pinned = offscreenOf(permissions, rows, range, atEnd);
  const pinnedKey = pinned.map((p) => p.requestId).join('\n');
  const pinnedIds = useMemo(() => new Set(pinnedKey ? pinnedKey.split('\n') : []), [pinnedKey]);
  return (
    <PinnedPermissions.Provider value={pinnedIds}>
      <div className="message-list-wrap" data-jump={atEnd ? undefined : ''}>
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
            {items.map((item) => {
              const id = ids[item.index]!;
              const entry = entries[id];
              return (
                <VirtualRow
                  key={item.key}
                  virtualizer={virtualizer}
                  index={item.index}
                  start={item.start}
                  focused={id === focused}
                >
                  {entry && <EntryRow sessionId={sessionId} entry={entry} streaming={running && id === lastId} />}
                </VirtualRow>
              );
            })}
          </div>
          <ListFooter
            sessionId={sessionId}
            orphans={orphansOf(permissions, rows)}
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
      {pinned.length > 0 && (
        <div className="message-list-footer perm-pinned" data-testid="pinned-permissions">
          {pinned.map((p) => (
            <div className="row-static" key={p.requestId}>
              <PermissionPrompt
                sessionId={sessionId}
                permission={p}
                title={toolCalls[cardKeyOf(toolCalls, p.requestId)]?.title ?? p.toolCall.title ?? 'a tool'}
              />
            </div>
          ))}
        </div>
      )}
    </PinnedPermissions.Provider>
  );
}

function cardKeyOf(toolCalls: SessionState['toolCalls'], requestId: string): string {
  return Object.keys(toolCalls).find((k) => toolCalls[k]!.awaitingPermission === requestId) ?? '';
}

/** Below the rows: "waiting for the agent" and permission requests of unlisted tool calls. */
function ListFooter({
  sessionId,
  orphans,
  waiting,
}: Readonly<{
  sessionId: string;
  orphans: readonly PendingPermission[];
  waiting: boolean;
}>) {
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
