/**
 * The one line diff of the app, on the `diff` package (Myers). A tool call's `diff` content carries
 * whole old and new texts, not a patch: the chat's diff view shows it as numbered lines with long
 * unchanged runs folded, an export as unified-diff hunks. Common head and tail lines are trimmed
 * first; the middle is diffed with an edit budget, and shown as plain removal + addition when it
 * needs more, so a huge rewrite stays fast and bounded in memory. Pure.
 */
import { diffArrays } from 'diff';

export type DiffLine =
  | { readonly type: 'same' | 'del' | 'add'; readonly text: string; readonly oldNo?: number; readonly newNo?: number }
  | { readonly type: 'fold'; readonly count: number };

type Op = 'same' | 'del' | 'add';

/** Above this many removed + added lines in the middle, it is shown as removed-then-added. */
export const MAX_EDIT_LENGTH = 1_000;

/** Lines of a text: `\n` or `\r\n` ends a line; a final line ending adds no empty line. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Ops for the middle: each run of changes between two kept lines is removals, then additions. */
function middleOps(a: string[], b: string[]): Op[] {
  const blockReplace = (): Op[] => [...Array<Op>(a.length).fill('del'), ...Array<Op>(b.length).fill('add')];
  const inA = new Set(a);
  if (!b.some((line) => inA.has(line))) return blockReplace(); // nothing in common: no search needed
  const changes = diffArrays(a, b, { maxEditLength: MAX_EDIT_LENGTH });
  if (!changes) return blockReplace();
  const ops: Op[] = [];
  let dels = 0;
  let adds = 0;
  const flush = () => {
    ops.push(...Array<Op>(dels).fill('del'), ...Array<Op>(adds).fill('add'));
    dels = adds = 0;
  };
  for (const c of changes) {
    if (c.removed) dels += c.count;
    else if (c.added) adds += c.count;
    else {
      flush();
      ops.push(...Array<Op>(c.count).fill('same'));
    }
  }
  flush();
  return ops;
}

function lineOps(a: string[], b: string[]): Op[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  return [
    ...Array<Op>(pre).fill('same'),
    ...middleOps(a.slice(pre, a.length - suf), b.slice(pre, b.length - suf)),
    ...Array<Op>(suf).fill('same'),
  ];
}

/** Every line of the change, numbered; `oldText` null or undefined means a new file. */
export function diffLines(oldText: string | null | undefined, newText: string): DiffLine[] {
  const a = splitLines(oldText ?? '');
  const b = splitLines(newText);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  for (const op of lineOps(a, b)) {
    if (op === 'same') out.push({ type: 'same', text: b[j]!, oldNo: ++i, newNo: ++j });
    else if (op === 'del') out.push({ type: 'del', text: a[i]!, oldNo: ++i });
    else out.push({ type: 'add', text: b[j]!, newNo: ++j });
  }
  return out;
}

/** Folds unchanged runs longer than 2×context (keeping `context` lines around each change). */
export function foldUnchanged(lines: readonly DiffLine[], context = 3): DiffLine[] {
  const out: DiffLine[] = [];
  let k = 0;
  while (k < lines.length) {
    if (lines[k]!.type !== 'same') {
      out.push(lines[k++]!);
      continue;
    }
    let end = k;
    while (end < lines.length && lines[end]!.type === 'same') end++;
    const keepHead = k === 0 ? 0 : context;
    const keepTail = end === lines.length ? 0 : context;
    const run = end - k;
    if (run > keepHead + keepTail + 1) {
      out.push(...lines.slice(k, k + keepHead), { type: 'fold', count: run - keepHead - keepTail });
      out.push(...lines.slice(end - keepTail, end));
    } else out.push(...lines.slice(k, end));
    k = end;
  }
  return out;
}

export function diffStats(lines: readonly DiffLine[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const l of lines) {
    if (l.type === 'add') added++;
    else if (l.type === 'del') removed++;
  }
  return { added, removed };
}

/** Index ranges [from, to) of the lines to show: each change with `context` lines around it. */
function hunkRanges(lines: readonly DiffLine[], context: number): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  lines.forEach((line, k) => {
    if (line.type === 'same') return;
    const from = Math.max(0, k - context);
    const to = Math.min(lines.length, k + context + 1);
    const last = ranges[ranges.length - 1];
    if (last && from <= last[1]) last[1] = to;
    else ranges.push([from, to]);
  });
  return ranges;
}

const MARK = { same: ' ', del: '-', add: '+' } as const;

/**
 * The diff body as unified-diff lines: `@@ -a,b +c,d @@` hunk headers, then ` `/`-`/`+` lines. A
 * null or missing old text means a new file (everything added). Identical texts give no lines.
 */
export function unifiedDiff(oldText: string | null | undefined, newText: string, context = 3): string[] {
  const lines = diffLines(oldText, newText);
  const oldBefore: number[] = [];
  const newBefore: number[] = [];
  let o = 0;
  let n = 0;
  for (const line of lines) {
    oldBefore.push(o);
    newBefore.push(n);
    if (line.type !== 'add') o++;
    if (line.type !== 'del') n++;
  }
  const out: string[] = [];
  for (const [from, to] of hunkRanges(lines, context)) {
    const slice = lines.slice(from, to);
    const oldCount = slice.filter((l) => l.type !== 'add').length;
    const newCount = slice.filter((l) => l.type !== 'del').length;
    const oldStart = oldBefore[from]! + (oldCount ? 1 : 0);
    const newStart = newBefore[from]! + (newCount ? 1 : 0);
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`);
    for (const l of slice) if (l.type !== 'fold') out.push(MARK[l.type] + l.text);
  }
  return out;
}
