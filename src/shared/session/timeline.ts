/**
 * Timeline helpers for the reducer: appending streamed chunks to the open message and adding
 * entries. A timeline is `entryIds` + `entries`; both the live one and the replay shadow use
 * these, so replayed history is folded by exactly the same rules as live traffic.
 */
import type { ContentBlock, PermissionOptionKind } from '@agentclientprotocol/sdk';
import type { Entry, PermissionResolver } from '../domain/session';

export interface Timeline {
  readonly entryIds: readonly string[];
  readonly entries: Readonly<Record<string, Entry>>;
}

export function lastEntry(t: Timeline): Entry | undefined {
  const id = t.entryIds[t.entryIds.length - 1];
  return id === undefined ? undefined : t.entries[id];
}

export function addEntry(t: Timeline, entry: Entry): Timeline {
  return { entryIds: [...t.entryIds, entry.id], entries: { ...t.entries, [entry.id]: entry } };
}

export function replaceEntry(t: Timeline, entry: Entry): Timeline {
  return { entryIds: t.entryIds, entries: { ...t.entries, [entry.id]: entry } };
}

/** Text blocks merge into the previous text block; anything else is a new block. */
export function appendBlock(blocks: readonly ContentBlock[], block: ContentBlock): ContentBlock[] {
  const last = blocks[blocks.length - 1];
  if (block.type === 'text' && last?.type === 'text') {
    return [...blocks.slice(0, -1), { ...last, text: last.text + block.text }];
  }
  return [...blocks, block];
}

function sameMessage(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

export type ChunkKind = 'user' | 'agent' | 'thought';

/** Appends a chunk to the open message of its kind, or starts a new message entry. */
export function appendChunk(
  t: Timeline,
  kind: ChunkKind,
  content: ContentBlock,
  messageId: string | undefined,
  newId: string,
): Timeline {
  const last = lastEntry(t);
  if (kind === 'thought') {
    const text = content.type === 'text' ? content.text : `[${content.type}]`;
    if (last?.kind === 'thought' && sameMessage(last.messageId, messageId)) {
      return replaceEntry(t, { ...last, text: last.text + text, ...withId(last.messageId ?? messageId) });
    }
    return addEntry(t, { kind: 'thought', id: newId, text, ...withId(messageId) });
  }
  if (last?.kind === kind && sameMessage(last.messageId, messageId)) {
    return replaceEntry(t, {
      ...last,
      blocks: appendBlock(last.blocks, content),
      ...withId(last.messageId ?? messageId),
    });
  }
  return addEntry(t, { kind, id: newId, blocks: [content], ...withId(messageId) });
}

function withId(messageId: string | undefined): { messageId?: string } {
  return messageId === undefined ? {} : { messageId };
}

/** The key of a tool call entry's card in `SessionState.toolCalls`. */
export function cardKey(e: Extract<Entry, { kind: 'tool_call' }>): string {
  return e.key ?? e.toolCallId;
}

const DECISION: Record<PermissionOptionKind, string> = {
  allow_once: 'Allowed once',
  allow_always: 'Always allowed',
  reject_once: 'Rejected',
  reject_always: 'Always rejected',
};

const NOT_BY_YOU: Record<PermissionResolver, string> = {
  user: '',
  cancel: ' (the turn was cancelled)',
  agent: ' (withdrawn by the agent)',
  connection: ' (the connection ended)',
  policy: ' (by policy)',
};

/** "Allowed once: Edit facets.txt" — a settled permission request in one line. */
export function permissionDecisionText(e: Extract<Entry, { kind: 'permission' }>): string {
  const what =
    e.outcome === 'cancelled'
      ? 'Permission cancelled'
      : e.optionKind
        ? DECISION[e.optionKind]
        : `Chose ${e.optionName ?? e.optionId ?? 'an option'}`;
  return `${what}: ${e.toolTitle}${NOT_BY_YOU[e.by]}`;
}

/** Plain text of an entry, for signatures, search and export. */
export function entryText(e: Entry): string {
  switch (e.kind) {
    case 'user':
    case 'agent':
      return e.blocks.map(blockText).join('');
    case 'thought':
      return e.text;
    case 'marker':
      return e.text;
    case 'tool_call':
      return e.toolCallId;
    case 'turn_end':
      return e.stopReason ?? e.error ?? '';
    case 'permission':
      return permissionDecisionText(e);
    case 'elicitation':
      return elicitationText(e);
  }
}

const ANSWERED: Record<'accept' | 'decline' | 'cancel', string> = {
  accept: 'Answered',
  decline: 'Declined',
  cancel: 'Cancelled',
};

/** "Asked: Which branch? — Answered" — an elicitation and where it stands, in one line. */
export function elicitationText(e: Extract<Entry, { kind: 'elicitation' }>): string {
  const outcome = e.outcome
    ? `${e.request.mode === 'url' && e.outcome === 'accept' ? 'Opened' : ANSWERED[e.outcome]}${NOT_BY_YOU[e.by ?? 'user']}`
    : e.completed
      ? 'Completed by the agent'
      : 'Waiting for an answer';
  return `Asked: ${e.request.message} — ${outcome}`;
}

export function blockText(b: ContentBlock): string {
  switch (b.type) {
    case 'text':
      return b.text;
    case 'resource_link':
      return `[${b.name}](${b.uri})`;
    case 'resource':
      return 'text' in b.resource ? b.resource.text : `[${b.resource.uri}]`;
    case 'image':
      return '[image]';
    case 'audio':
      return '[audio]';
    default:
      return '';
  }
}
