/**
 * The queries behind the cross-links (see frames-request.ts for the mapping): a chat item's
 * request becomes a query (and a time range for a turn), run in the core like any other; a
 * record of the inspector becomes the chat entry it built.
 */
import type { Bridge, TrafficEntry } from '../../../shared/ipc/contract';
import type { Entry } from '../../../shared/domain/session';
import { messageInfo } from '../../../shared/traffic/message-info';
import type { Exchange } from '../../../shared/traffic/pairing';
import { settle } from '../../state/settle';
import type { TimeRange } from '../../state/traffic-store';
import type { FramesRequest } from './frames-request';
import { entryOfTurn, toolCallEntry } from './turns';

export interface FramesView {
  readonly query: string;
  readonly range: TimeRange | null;
}

/** The session's `session/prompt` requests and when each was answered, oldest first. */
export interface PromptTurn {
  readonly at: number;
  readonly answeredAt?: number;
}

const SAFE = /^[\w.:@/-]+$/;
const quote = (v: string) => (SAFE.test(v) ? v : JSON.stringify(v));

export async function promptTurns(
  bridge: Bridge,
  endpointId: string,
  sessionId: string,
): Promise<PromptTurn[] | { error: string }> {
  const r = await settle(() =>
    bridge.traffic.window({
      endpointId,
      limit: 5000,
      query: `session:${quote(sessionId)} method:session/prompt`,
    }),
  );
  if (!r.ok) return { error: r.error.message };
  return pairPrompts(r.value.records);
}

/** Pairs `session/prompt` requests (out) with their responses (in) by id and generation. */
export function pairPrompts(records: readonly TrafficEntry[]): PromptTurn[] {
  const turns: { at: number; answeredAt?: number }[] = [];
  const open = new Map<string, { at: number; answeredAt?: number }>();
  for (const { record: r } of records) {
    if (r.kind !== 'message') continue;
    const info = messageInfo(r);
    if (info.id === undefined) continue;
    const key = `${r.generation}|${String(info.id)}`;
    if (info.shape === 'request' && r.direction === 'out' && info.method === 'session/prompt') {
      const turn = { at: r.at };
      turns.push(turn);
      open.set(key, turn);
    } else if ((info.shape === 'response' || info.shape === 'error') && r.direction === 'in') {
      const turn = open.get(key);
      if (turn) {
        turn.answeredAt = r.at;
        open.delete(key);
      }
    }
  }
  return turns;
}

/** The query (and range) that shows the frames a request asks for. */
export async function framesView(bridge: Bridge, req: FramesRequest): Promise<FramesView | { error: string }> {
  const t = req.target;
  if (t.kind === 'records') return { query: `seq:[${t.fromSeq} TO ${t.toSeq}]`, range: null };
  if (req.sessionId === undefined) return { error: `The frames of ${req.label} belong to no session.` };
  const session = `session:${quote(req.sessionId)}`;
  if (t.kind === 'toolcall') return { query: `${session} toolcall:${quote(t.toolCallId)}`, range: null };
  if (t.kind === 'plan') return { query: `${session} kind:plan`, range: null };
  const query = `${session} kind:${t.update}`;
  if (t.turnFromEnd === 0) return { query, range: null };
  const turns = await promptTurns(bridge, req.endpointId, req.sessionId);
  if ('error' in turns) return turns;
  const turn = turns[turns.length - t.turnFromEnd];
  if (!turn) return { error: `The frames of ${req.label} are no longer in the traffic log.` };
  return { query, range: { from: turn.at, to: turn.answeredAt ?? Number.MAX_SAFE_INTEGER } };
}

/** What a record built in the chat, before it is looked up in the session's timeline. */
export type ChatLink =
  | { readonly kind: 'toolcall'; readonly sessionId: string; readonly toolCallId: string }
  | {
      readonly kind: 'turn';
      readonly sessionId: string;
      readonly entryKind: 'user' | 'agent' | 'thought';
      readonly at: number;
    };

const CHUNK_ENTRY: Readonly<Record<string, 'agent' | 'thought' | 'user'>> = {
  agent_message_chunk: 'agent',
  agent_thought_chunk: 'thought',
};

/** The chat item a record belongs to, if any (`exchange`: the pairing of a response). */
export function chatLinkOf(entry: TrafficEntry, exchange: Exchange | undefined): ChatLink | undefined {
  const r = entry.record;
  if (r.kind !== 'message') return undefined;
  const info = messageInfo(r);
  const sessionId = info.sessionId ?? exchange?.sessionId;
  if (!sessionId) return undefined;
  const toolCallId = info.toolCallId ?? (info.method === undefined ? exchange?.toolCallId : undefined);
  if (toolCallId) return { kind: 'toolcall', sessionId, toolCallId };
  const entryKind =
    info.method === 'session/prompt' && info.shape === 'request'
      ? 'user'
      : info.updateKind
        ? CHUNK_ENTRY[info.updateKind]
        : undefined;
  return entryKind ? { kind: 'turn', sessionId, entryKind, at: r.at } : undefined;
}

/** The turn (1 = newest) a record at `at` falls in: the prompts sent at or before it. */
export function turnAt(turns: readonly PromptTurn[], at: number): number {
  let n = 0;
  for (const t of turns) if (t.at <= at) n++;
  return n === 0 ? 0 : turns.length - n + 1;
}

/** The entry id a link points to in a session's timeline. */
export function resolveChatLink(
  link: ChatLink,
  timeline: { readonly entryIds: readonly string[]; readonly entries: Readonly<Record<string, Entry>> },
  turns: readonly PromptTurn[],
): string | undefined {
  if (link.kind === 'toolcall') return toolCallEntry(timeline.entryIds, timeline.entries, link.toolCallId);
  const turn = turnAt(turns, link.at);
  return turn === 0 ? undefined : entryOfTurn(timeline.entryIds, timeline.entries, turn, link.entryKind);
}
