/**
 * Folding an agent's `session/load` replay into what we already have, without duplicating it.
 *
 * The replay is reduced into a shadow timeline by the ordinary rules; at `replay_ended` each
 * replayed entry is aligned, in order, with what is shown:
 * - agents replay less than they streamed (often text only: no thoughts, tool calls or plans),
 *   so local entries the replay lacks are skipped over, never repeated;
 * - a replay without turn boundaries merges consecutive prompts into one message; a replayed
 *   entry that equals several consecutive local entries of its kind matches them all;
 * - a local message cut short by a dropped stream is completed by the replayed, longer text.
 * What the replay has beyond everything shown is appended as it is (turns run while we were
 * away). Only when the histories really differ (the agent lacks messages we show) does a marker
 * say so, followed by just the replayed entries that are not shown; matched ones are never
 * copied. So reconciling the same replay again adds nothing: reconnects cannot pile up copies.
 */
import type { Entry } from '../domain/session';
import { addEntry, entryText, replaceEntry, type Timeline } from './timeline';

type Kind = 'u' | 'a' | 't' | 'c';

function kindOf(e: Entry): Kind | null {
  switch (e.kind) {
    case 'user':
      return 'u';
    case 'agent':
      return 'a';
    case 'thought':
      return 't';
    case 'tool_call':
      return 'c';
    default:
      return null;
  }
}

function textOf(e: Entry): string {
  return e.kind === 'tool_call' ? e.toolCallId : entryText(e);
}

function comparable(t: Timeline): Entry[] {
  return t.entryIds.map((id) => t.entries[id]!).filter((e) => kindOf(e) !== null);
}

/** Kinds an agent may leave out of a replay, and that a merged message may span. */
function skippable(k: Kind): boolean {
  return k === 't' || k === 'c';
}

interface Match {
  readonly start: number;
  /** Index after the last local entry matched. */
  readonly end: number;
  /** The single local entry to complete with the replayed text, if ours was cut short. */
  readonly complete?: Entry;
}

/** Where replayed entry `theirs` is, in `ours` from `from` on; undefined when it is not there. */
function find(ours: readonly Entry[], from: number, theirs: Entry): Match | undefined {
  const k = kindOf(theirs)!;
  const want = textOf(theirs);
  for (let start = from; start < ours.length; start++) {
    const first = ours[start]!;
    if (kindOf(first) !== k) continue;
    const text = textOf(first);
    if (text === want) return { start, end: start + 1 };
    if (k === 'c' || !want.startsWith(text)) continue;
    // Several consecutive local entries of this kind merged into one by the replay?
    let joined = text;
    let end = start + 1;
    for (let j = start + 1; j < ours.length && joined.length < want.length; j++) {
      const e = ours[j]!;
      const ek = kindOf(e)!;
      if (ek === k) {
        if (!want.startsWith(joined + textOf(e))) break;
        joined += textOf(e);
        end = j + 1;
      } else if (!skippable(ek)) break;
    }
    if (joined === want) return { start, end };
    // Ours was cut short (a stream dropped mid-message): the replay completes it.
    if (end === start + 1) return { start, end, complete: first };
  }
  return undefined;
}

export function reconcile(local: Timeline, replay: Timeline, markerId: string, at: number): Timeline {
  const ours = comparable(local);
  const theirs = comparable(replay);
  let merged = local;
  let at_ = 0;
  let lackedByAgent = false;
  let interleaved = false;
  const missing: Entry[] = [];
  for (const t of theirs) {
    const m = find(ours, at_, t);
    if (!m) {
      missing.push(t);
      continue;
    }
    if (missing.length > 0) interleaved = true;
    for (let i = at_; i < m.start; i++) if (!skippable(kindOf(ours[i]!)!)) lackedByAgent = true;
    if (m.complete) {
      const o = m.complete;
      if (o.kind === 'agent' && t.kind === 'agent') merged = replaceEntry(merged, { ...o, blocks: t.blocks });
      else if (o.kind === 'user' && t.kind === 'user') merged = replaceEntry(merged, { ...o, blocks: t.blocks });
      else if (o.kind === 'thought' && t.kind === 'thought') merged = replaceEntry(merged, { ...o, text: t.text });
    }
    at_ = m.end;
  }
  if (missing.length === 0) return merged;
  for (let i = at_; i < ours.length; i++) if (!skippable(kindOf(ours[i]!)!)) lackedByAgent = true;
  if (lackedByAgent || interleaved) {
    merged = addEntry(merged, {
      kind: 'marker',
      id: markerId,
      marker: 'history_diverged',
      text: `The agent's history differs from the local transcript: ${missing.length === 1 ? 'one entry it has is' : `${missing.length} entries it has are`} not shown above, so ${missing.length === 1 ? 'it follows' : 'they follow'}.`,
      at,
    });
  }
  for (const e of missing) if (!merged.entries[e.id]) merged = addEntry(merged, e);
  return merged;
}
