/**
 * A small fuzzy matcher for the command palette: a substring scores highest (more at a word
 * start, earlier is better), otherwise the query's letters in order, with bonuses for runs and
 * word starts. Pure.
 */
const WORD_BREAK = /[\s:/\-—–(·.]/;

function atWordStart(text: string, i: number): boolean {
  return i === 0 || WORD_BREAK.test(text.charAt(i - 1));
}

/** A score (higher is better), or null when the text does not match. */
export function fuzzyScore(query: string, text: string): number | null {
  const q = query.trim().toLowerCase();
  if (!q) return 0;
  const t = text.toLowerCase();
  const at = t.indexOf(q);
  if (at >= 0) return 1000 + (atWordStart(t, at) ? 500 : 0) - Math.min(at, 200);
  let score = 0;
  let from = 0;
  let previous = -2;
  for (const ch of q) {
    if (/\s/.test(ch)) continue;
    const found = t.indexOf(ch, from);
    if (found < 0) return null;
    score += found === previous + 1 ? 6 : 1;
    if (atWordStart(t, found)) score += 4;
    previous = found;
    from = found + 1;
  }
  return score;
}

/** The items that match, best first; ties keep their original order. */
export function fuzzyFilter<T>(items: readonly T[], query: string, textOf: (item: T) => string): T[] {
  if (!query.trim()) return [...items];
  return items
    .map((item, index) => ({ item, index, score: fuzzyScore(query, textOf(item)) }))
    .filter((r): r is { item: T; index: number; score: number } => r.score !== null)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map((r) => r.item);
}
