import { describe, expect, it } from 'vitest';
import { diffLines, diffStats, MAX_EDIT_LENGTH, splitLines, unifiedDiff } from '../../../src/shared/util/line-diff';

const lines = (tag: string, n: number) => Array.from({ length: n }, (_, i) => `${tag}${i}`);

describe('shared line diff', () => {
  it('splits on LF and CRLF alike, for both the view and exports', () => {
    expect(splitLines('a\r\nb\nc\r\n')).toEqual(['a', 'b', 'c']);
    expect(unifiedDiff('a\r\nb\r\n', 'a\r\nB\r\n')).toEqual(['@@ -1,2 +1,2 @@', ' a', '-b', '+B']);
  });

  it('shows each run of changes as its removals, then its additions', () => {
    const d = diffLines('keep\nx1\nx2\nkeep2\ny\n', 'keep\nn1\nn2\nkeep2\nz\n');
    expect(d.map((l) => (l.type === 'fold' ? 'fold' : `${l.type} ${l.text}`))).toEqual([
      'same keep',
      'del x1',
      'del x2',
      'add n1',
      'add n2',
      'same keep2',
      'del y',
      'add z',
    ]);
  });

  it('aligns scattered edits in a long text (not a block replace)', () => {
    const old = lines('l', 200);
    const next = old.map((l, i) => (i % 50 === 25 ? `${l}!` : l));
    expect(diffStats(diffLines(old.join('\n'), next.join('\n')))).toEqual({ added: 4, removed: 4 });
  });

  it('beyond the edit budget, the changed middle is shown as removed, then added', () => {
    const n = MAX_EDIT_LENGTH;
    // Interleaved shared lines make a real diff possible, but it needs more edits than the budget.
    const old = lines('a', n).flatMap((l, i) => [l, `same${i}`]);
    const next = lines('b', n).flatMap((l, i) => [l, `same${i}`]);
    const d = diffLines(['head', ...old, 'tail'].join('\n'), ['head', ...next, 'tail'].join('\n'));
    const types = d.map((l) => l.type);
    expect(types[0]).toBe('same');
    expect(types[types.length - 1]).toBe('same');
    const middle = types.slice(1, -1);
    expect(middle.indexOf('add')).toBe(2 * n - 1); // every removal comes first
    expect(middle.filter((t) => t === 'del')).toHaveLength(2 * n - 1);
  });
});
