import { describe, expect, it } from 'vitest';
import { eslint } from './lint-virtual';

/**
 * Proves `max-lines` counts every line of a file, comments and blank lines too: a virtual file
 * of 500 lines passes and one of 501 fails, whatever its lines hold.
 */

async function maxLinesErrors(lines: string[]): Promise<number> {
  const code = ['export const x = 1;', ...lines].join('\n') + '\n';
  const [result] = await eslint.lintText(code, { filePath: 'src/core/transport/x.ts' });
  return result?.messages.filter((m) => m.ruleId === 'max-lines').length ?? -1;
}

describe('max-lines counts every line', () => {
  const kinds: Array<[string, string]> = [
    ['code', 'export const y = 2;'],
    ['comment', '// a comment line'],
    ['blank', ''],
  ];
  it.each(kinds)('500 lines pass, 501 fail (the extra lines are %s)', async (_kind, line) => {
    const code = (n: number) => Array.from({ length: n }, (_, i) => line.replace('y', `y${i}`));
    expect(await maxLinesErrors(code(499))).toBe(0);
    expect(await maxLinesErrors(code(500))).toBe(1);
  });
});
