/**
 * Search in the detail pane's JSON tree (pure): the nodes whose key or scalar value contains
 * the text (case-insensitive), in the order the tree shows them, within what it shows (the
 * first `maxChildren` members of each container), and the ancestors to expand for them.
 */
export type JsonPath = readonly (string | number)[];

export const MAX_MATCHES = 1000;

function scalarText(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : v === undefined ? 'undefined' : String(JSON.stringify(v));
}

export function findMatches(root: unknown, needle: string, maxChildren: number): JsonPath[] {
  const n = needle.trim().toLowerCase();
  if (!n) return [];
  const out: JsonPath[] = [];
  const walk = (name: string | number | null, value: unknown, path: JsonPath) => {
    if (out.length >= MAX_MATCHES) return;
    const keyHit = typeof name === 'string' && name.toLowerCase().includes(n);
    const container = value !== null && typeof value === 'object';
    if (keyHit || (!container && scalarText(value).toLowerCase().includes(n))) out.push(path);
    if (!container) return;
    const entries: [string | number, unknown][] = Array.isArray(value)
      ? value.map((v, i) => [i, v])
      : Object.entries(value as Record<string, unknown>);
    for (const [k, v] of entries.slice(0, maxChildren)) walk(k, v, [...path, k]);
  };
  walk(null, root, []);
  return out;
}

/** Parts of `text` split around each case-insensitive occurrence of `needle` (odd indexes are hits). */
export function splitHits(text: string, needle: string): string[] {
  const n = needle.trim().toLowerCase();
  if (!n) return [text];
  const lower = text.toLowerCase();
  const parts: string[] = [];
  let at = 0;
  for (let i = lower.indexOf(n); i !== -1; i = lower.indexOf(n, i + n.length)) {
    parts.push(text.slice(at, i), text.slice(i, i + n.length));
    at = i + n.length;
  }
  parts.push(text.slice(at));
  return parts;
}
