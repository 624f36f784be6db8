/**
 * A small unified line diff for exports (a tool call's `diff` content carries whole old and new
 * texts, not a patch). Common head and tail lines are trimmed first; the middle is diffed with
 * a longest-common-subsequence table when it is small, and shown as plain removal + addition
 * when it is large, so an export of a huge rewrite stays fast and bounded in memory.
 */
type Op = { readonly t: ' ' | '-' | '+'; readonly line: string };

/** Above this many table cells the middle is shown as -old/+new instead of an LCS diff. */
const MAX_CELLS = 1_000_000;

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function lcsOps(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_CELLS)
    return [...a.map((line) => ({ t: '-' as const, line })), ...b.map((line) => ({ t: '+' as const, line }))];
  const w = m + 1;
  const len = new Uint32Array((n + 1) * w); // len[i*w+j] = LCS of a[i..] and b[j..]
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      len[i * w + j] =
        a[i] === b[j] ? len[(i + 1) * w + j + 1]! + 1 : Math.max(len[(i + 1) * w + j]!, len[i * w + j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ t: ' ', line: a[i++]! });
      j++;
    } else if (i < n && (j >= m || len[(i + 1) * w + j]! >= len[i * w + j + 1]!)) {
      ops.push({ t: '-', line: a[i++]! }); // removals before additions, as diff(1) shows them
    } else {
      ops.push({ t: '+', line: b[j++]! });
    }
  }
  return ops;
}

function diffOps(oldLines: readonly string[], newLines: readonly string[]): Op[] {
  let head = 0;
  while (head < oldLines.length && head < newLines.length && oldLines[head] === newLines[head]) head++;
  let tail = 0;
  while (
    tail < oldLines.length - head &&
    tail < newLines.length - head &&
    oldLines[oldLines.length - 1 - tail] === newLines[newLines.length - 1 - tail]
  )
    tail++;
  const same = (lines: readonly string[]) => lines.map((line) => ({ t: ' ' as const, line }));
  return [
    ...same(oldLines.slice(0, head)),
    ...lcsOps(oldLines.slice(head, oldLines.length - tail), newLines.slice(head, newLines.length - tail)),
    ...same(oldLines.slice(oldLines.length - tail)),
  ];
}

/** Index ranges [from, to) of the ops to show: each change with `context` lines around it. */
function hunkRanges(ops: readonly Op[], context: number): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  ops.forEach((op, k) => {
    if (op.t === ' ') return;
    const from = Math.max(0, k - context);
    const to = Math.min(ops.length, k + context + 1);
    const last = ranges[ranges.length - 1];
    if (last && from <= last[1]) last[1] = to;
    else ranges.push([from, to]);
  });
  return ranges;
}

/**
 * The diff body as lines: `@@ -a,b +c,d @@` hunk headers, then ` `/`-`/`+` lines. A null or
 * missing old text means a new file (everything added). Identical texts give no lines.
 */
export function unifiedDiff(oldText: string | null | undefined, newText: string, context = 3): string[] {
  const ops = diffOps(splitLines(oldText ?? ''), splitLines(newText));
  const oldBefore: number[] = [];
  const newBefore: number[] = [];
  let o = 0;
  let n = 0;
  for (const op of ops) {
    oldBefore.push(o);
    newBefore.push(n);
    if (op.t !== '+') o++;
    if (op.t !== '-') n++;
  }
  const out: string[] = [];
  for (const [from, to] of hunkRanges(ops, context)) {
    const slice = ops.slice(from, to);
    const oldCount = slice.filter((op) => op.t !== '+').length;
    const newCount = slice.filter((op) => op.t !== '-').length;
    const oldStart = oldBefore[from]! + (oldCount ? 1 : 0);
    const newStart = newBefore[from]! + (newCount ? 1 : 0);
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`, ...slice.map((op) => op.t + op.line));
  }
  return out;
}
