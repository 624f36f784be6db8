/**
 * The command palette's matcher. Pure. The rule, in full:
 *
 * - The whole query, as typed, found anywhere in the text matches ("theme:" finds the three
 *   theme actions). This scores highest, more at a word start, earlier is better.
 * - Otherwise the query is split at spaces and EVERY part must match inside ONE word of the
 *   text (words are split at spaces and punctuation), in any order: as a piece of that word
 *   ("story" in "history"), or as letters in order that start at the word's first letter
 *   ("thm" in "theme", "drk" in "dark").
 *
 * Letters never combine across words, so "test" does not match "Theme: system" (no word holds
 * t-e-s-t), while "thm drk" finds "Theme: dark" and "nxt ses" finds "Next session".
 */
const WORD_BREAK = /[\s:/\-—–(·.,)]/;

function atWordStart(text: string, i: number): boolean {
  return i === 0 || WORD_BREAK.test(text.charAt(i - 1));
}

function wordsOf(text: string): string[] {
  return text.split(WORD_BREAK).filter(Boolean);
}

/** True when `part`'s letters appear in `word` in order, the first one being the word's first. */
function initialSubsequence(part: string, word: string): boolean {
  if (word.charAt(0) !== part.charAt(0)) return false;
  let from = 1;
  for (const ch of part.slice(1)) {
    const found = word.indexOf(ch, from);
    if (found < 0) return false;
    from = found + 1;
  }
  return true;
}

/** How well one query part matches one word, or null. */
function partInWord(part: string, word: string): number | null {
  if (word.startsWith(part)) return 30 + (part.length === word.length ? 10 : 0);
  if (word.includes(part)) return 15;
  if (initialSubsequence(part, word)) return 10;
  return null;
}

/** A score (higher is better), or null when the text does not match. */
export function fuzzyScore(query: string, text: string): number | null {
  const q = query.trim().toLowerCase();
  if (!q) return 0;
  const t = text.toLowerCase();
  const at = t.indexOf(q);
  if (at >= 0) return 1000 + (atWordStart(t, at) ? 500 : 0) - Math.min(at, 200);
  const words = wordsOf(t);
  let score = 0;
  for (const part of q.split(/\s+/)) {
    let best: number | null = null;
    for (const [i, word] of words.entries()) {
      const s = partInWord(part, word);
      if (s !== null && (best === null || s - i > best)) best = s - i;
    }
    if (best === null) return null;
    score += best;
  }
  return Math.min(score, 999);
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
