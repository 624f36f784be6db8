/**
 * Line diff for the diff view: common prefix/suffix trimmed, LCS on the rest (bounded), then
 * long unchanged runs folded to a few lines of context. Pure.
 */
export type DiffLine =
  | { readonly type: 'same' | 'del' | 'add'; readonly text: string; readonly oldNo?: number; readonly newNo?: number }
  | { readonly type: 'fold'; readonly count: number };

/** Above this many cells the middle is shown as removed-then-added instead of aligned. */
const MAX_CELLS = 4_000_000;

export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

type Op = 'same' | 'del' | 'add';

function lcsOps(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_CELLS) return [...Array<Op>(n).fill('del'), ...Array<Op>(m).fill('add')];
  const w = m + 1;
  const dp = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      dp[i * w + j] = a[i] === b[j] ? dp[(i + 1) * w + j + 1]! + 1 : Math.max(dp[(i + 1) * w + j]!, dp[i * w + j + 1]!);
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push('same');
      i++;
      j++;
    } else if (dp[(i + 1) * w + j]! >= dp[i * w + j + 1]!) {
      ops.push('del');
      i++;
    } else {
      ops.push('add');
      j++;
    }
  }
  while (i++ < n) ops.push('del');
  while (j++ < m) ops.push('add');
  return ops;
}

/** Every line of the change, numbered; `oldText` null or undefined means a new file. */
export function diffLines(oldText: string | null | undefined, newText: string): DiffLine[] {
  const a = splitLines(oldText ?? '');
  const b = splitLines(newText);
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const ops: Op[] = [
    ...Array<Op>(pre).fill('same'),
    ...lcsOps(a.slice(pre, a.length - suf), b.slice(pre, b.length - suf)),
    ...Array<Op>(suf).fill('same'),
  ];
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  for (const op of ops) {
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
