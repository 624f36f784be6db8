/**
 * Splits text into plain and matching parts for a search query, the way the host matches:
 * case-insensitive, the query's words in order with any whitespace between them. Pure; the
 * parts are rendered as text nodes and <mark>, never as HTML.
 */
export interface TextPart {
  readonly text: string;
  readonly match: boolean;
}

export function queryRegExp(query: string): RegExp | null {
  const words = query.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return null;
  return new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+'), 'giu');
}

export function highlightParts(text: string, query: string): TextPart[] {
  const pattern = queryRegExp(query);
  if (!pattern) return [{ text, match: false }];
  const parts: TextPart[] = [];
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    const at = m.index ?? 0;
    if (m[0].length === 0) continue;
    if (at > last) parts.push({ text: text.slice(last, at), match: false });
    parts.push({ text: m[0], match: true });
    last = at + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), match: false });
  return parts.length ? parts : [{ text, match: false }];
}
