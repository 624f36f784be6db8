/**
 * Full-text search over session history. It searches what the user sees — the folded timeline
 * (messages, thoughts, tool call titles and content, diffs, markers) — not the raw event log,
 * so streamed chunks split mid-word still match. Sessions that are open right now are searched
 * in their live state, which may hold content not yet flushed to disk.
 */
import { cardKey } from '../../shared/session/timeline';
import type { ToolCallContent } from '@agentclientprotocol/sdk';
import type { SearchHit } from '../../shared/domain/history';
import type { Entry, SessionEventEnvelope, SessionState } from '../../shared/domain/session';
import { blockText, entryText } from '../../shared/session/timeline';
import type { TranscriptStore } from './transcript-store';

const EXCERPT_WIDTH = 80;

interface Candidate {
  readonly sessionId: string;
  readonly endpointId: string;
  readonly lastActivity: number;
  readonly live?: SessionState;
}

/**
 * Case-insensitive substring search, newest sessions first, one hit per matching entry, at
 * most `limit` hits. `live` states (open sessions) take precedence over their transcripts.
 */
export async function searchTranscripts(
  store: Pick<TranscriptStore, 'list' | 'read'>,
  query: string,
  limit = 50,
  live: ReadonlyMap<string, SessionState> = new Map(),
): Promise<SearchHit[]> {
  const pattern = queryPattern(query);
  if (!pattern || limit <= 0) return [];
  const hits: SearchHit[] = [];
  for (const c of await candidates(store, live)) {
    const loaded = c.live
      ? { state: c.live, times: new Map<number, number>() }
      : await loadFromDisk(store, c.sessionId);
    if (!loaded) continue;
    for (const hit of searchState(loaded.state, c.endpointId, pattern, loaded.times)) {
      hits.push(hit);
      if (hits.length >= limit) return hits;
    }
  }
  return hits;
}

/** The query as a case-insensitive pattern (whitespace runs match any whitespace), or null if blank. */
function queryPattern(query: string): RegExp | null {
  const words = query.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return null;
  return new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+'), 'iu');
}

async function candidates(
  store: Pick<TranscriptStore, 'list'>,
  live: ReadonlyMap<string, SessionState>,
): Promise<Candidate[]> {
  const { summaries } = await store.list();
  const byId = new Map<string, Candidate>(summaries.map((s) => [s.sessionId, s]));
  for (const [sessionId, state] of live) {
    const endpointId = state.endpointId ?? byId.get(sessionId)?.endpointId ?? '';
    byId.set(sessionId, { sessionId, endpointId, lastActivity: state.lastActivity, live: state });
  }
  return [...byId.values()].sort((a, b) => b.lastActivity - a.lastActivity);
}

async function loadFromDisk(store: Pick<TranscriptStore, 'read'>, sessionId: string) {
  const read = await store.read(sessionId);
  if (!read) return null; // deleted since it was listed
  return { state: read.state, times: new Map(read.envelopes.map((e: SessionEventEnvelope) => [e.seq, e.at])) };
}

function* searchState(
  state: SessionState,
  endpointId: string,
  pattern: RegExp,
  times: ReadonlyMap<number, number>,
): Generator<SearchHit> {
  for (const id of state.entryIds) {
    const entry = state.entries[id];
    if (!entry) continue;
    const text = searchableText(state, entry).replace(/\s+/g, ' ');
    const match = pattern.exec(text);
    if (!match) continue;
    yield {
      sessionId: state.sessionId,
      endpointId,
      title: state.title,
      entryId: entry.id,
      kind: entry.kind,
      excerpt: excerpt(text, match.index, match[0].length),
      at: entryTime(state, entry, times),
    };
  }
}

/** What of an entry is searchable; turn ends (a stop reason) are not. */
function searchableText(state: SessionState, entry: Entry): string {
  switch (entry.kind) {
    case 'tool_call': {
      const call = state.toolCalls[cardKey(entry)];
      return call ? [call.title, ...call.content.map(toolContentText)].join('\n') : '';
    }
    case 'turn_end':
      return '';
    default:
      return entryText(entry);
  }
}

function toolContentText(c: ToolCallContent): string {
  switch (c.type) {
    case 'content':
      return blockText(c.content);
    case 'diff':
      return [c.path, c.oldText ?? '', c.newText].join('\n');
    default:
      return '';
  }
}

/** When an entry happened: its own time when it has one, else its first event's, else the session's last. */
function entryTime(state: SessionState, entry: Entry, times: ReadonlyMap<number, number>): number {
  if (entry.kind === 'marker') return entry.at;
  if (entry.kind === 'tool_call') {
    const started = state.toolCalls[cardKey(entry)]?.startedAt;
    if (started !== undefined) return started;
  }
  const seq = /^e(\d+)$/.exec(entry.id)?.[1];
  return (seq !== undefined ? times.get(Number(seq)) : undefined) ?? state.lastActivity;
}

/** About `width` characters around a match, with … where the text was cut. */
export function excerpt(text: string, index: number, length: number, width = EXCERPT_WIDTH): string {
  const span = Math.max(width, length);
  let start = Math.max(0, index - Math.floor((span - length) / 2));
  const end = Math.min(text.length, start + span);
  start = Math.max(0, end - span);
  const from = isLowSurrogate(text, start) ? start + 1 : start; // never cut an emoji in half
  const to = isLowSurrogate(text, end) ? end - 1 : end;
  return `${from > 0 ? '…' : ''}${text.slice(from, to).trim()}${to < text.length ? '…' : ''}`;
}

function isLowSurrogate(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 0xdc00 && c <= 0xdfff;
}
