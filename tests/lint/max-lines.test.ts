import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * Proves `max-lines` counts every line of a file, comments and blank lines too: a virtual file
 * of 500 lines passes and one of 501 fails, whatever its lines hold.
 */
const eslint = new ESLint({
  cwd: process.cwd(),
  // The virtual files are in no tsconfig project, so the type-aware rules are off here.
  overrideConfig: [
    {
      files: ['**/*.{ts,tsx}'],
      languageOptions: { parserOptions: { projectService: false, project: null } },
      rules: {
        '@typescript-eslint/no-floating-promises': 'off',
        '@typescript-eslint/switch-exhaustiveness-check': 'off',
      },
    },
  ],
});

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
