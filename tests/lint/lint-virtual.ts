/**
 * ESLint with the repo's config, for linting virtual files (lintText with a filePath) in the
 * lint tests. Such files are in no tsconfig project, so the type-aware rules, which need one,
 * are off; the tests are about the other rules (zones, size budgets).
 */
import { ESLint } from 'eslint';

export const eslint = new ESLint({
  cwd: process.cwd(),
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
