/**
 * Folding an agent's `session/load` replay into what we already had, without duplicating it.
 *
 * The replay is reduced into a shadow timeline by the ordinary rules; at `replay_ended` the
 * two are compared entry by entry on a content signature (local-only markers and turn ends
 * are skipped). Where the local entry is a prefix of the replayed one (a stream cut mid-
 * message), the replayed, complete text wins. What the agent has beyond our copy is appended;
 * if the histories disagree, ours is kept and the agent's differing tail is appended after a
 * marker that says so.
 */
import type { Entry } from '../domain/session';
import { addEntry, entryText, replaceEntry, type Timeline } from './timeline';

function signature(e: Entry): string | null {
  switch (e.kind) {
    case 'user':
      return `u:${entryText(e)}`;
    case 'agent':
      return `a:${entryText(e)}`;
    case 'thought':
      return `t:${entryText(e)}`;
    case 'tool_call':
      return `c:${e.toolCallId}`;
    default:
      return null;
  }
}

function comparable(t: Timeline): Entry[] {
  return t.entryIds.map((id) => t.entries[id]!).filter((e) => signature(e) !== null);
}

/** Whether replayed entry `theirs` is our entry `ours`, possibly completed. */
function matches(ours: Entry, theirs: Entry): boolean {
  const a = signature(ours)!;
  const b = signature(theirs)!;
  return a === b || (a[0] === b[0] && a[0] !== 'c' && b.startsWith(a));
}

export function reconcile(local: Timeline, replay: Timeline, markerId: string, at: number): Timeline {
  const ours = comparable(local);
  const theirs = comparable(replay);
  let k = 0;
  let merged = local;
  while (k < ours.length && k < theirs.length && matches(ours[k]!, theirs[k]!)) {
    const o = ours[k]!;
    const t = theirs[k]!;
    if (signature(o) !== signature(t) && (o.kind === 'agent' || o.kind === 'user') && t.kind === o.kind) {
      merged = replaceEntry(merged, { ...o, blocks: t.blocks });
    } else if (o.kind === 'thought' && t.kind === 'thought' && signature(o) !== signature(t)) {
      merged = replaceEntry(merged, { ...o, text: t.text });
    }
    k++;
  }
  if (k === theirs.length) return merged;
  if (k < ours.length) {
    merged = addEntry(merged, {
      kind: 'marker',
      id: markerId,
      marker: 'history_diverged',
      text: "The agent's history differs from the local transcript from here; its version follows.",
      at,
    });
  }
  for (const e of theirs.slice(k)) {
    if (merged.entries[e.id]) continue;
    merged = addEntry(merged, e);
  }
  return merged;
}
