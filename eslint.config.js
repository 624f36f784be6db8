// Lint: typescript-eslint's recommended rules, size budgets, and the six-zone import
// direction (README "Architecture"). The zone rules are the ones tests/lint/zones.test.ts
// proves: a forbidden import in a zone is a lint error, not a convention.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { builtinModules } from 'node:module';

// Bare builtins ('fs', 'path/posix') need an anchored regex: as gitignore globs, 'util/*' would
// also match our own '../shared/util/result'.
const builtinNames = builtinModules.filter((m) => !m.startsWith('_')).map((m) => m.replace(/[/]/g, '\\/'));
const nodeBuiltinsRegex = `^(node:.*|(${builtinNames.join('|')})(\\/.*)?)$`;
const msg = (zone, why) => `${zone}: ${why} (see README, Architecture)`;

/**
 * Builds a no-restricted-imports rule from forbidden module names and path globs, plus
 * `names`: patterns that forbid only some named imports of a module (`importNames`).
 */
function zone(name, { modules = [], paths = [], node = false, names = [] }) {
  return [
    'error',
    {
      patterns: [
        ...(modules.length ? [{ group: modules, message: msg(name, 'this zone may not import that module') }] : []),
        ...(node ? [{ regex: nodeBuiltinsRegex, message: msg(name, 'no Node built-ins in this zone') }] : []),
        ...(paths.length
          ? [{ group: paths, message: msg(name, 'imports must point inward (shared ← core ← main)') }]
          : []),
        ...names,
      ],
    },
  ];
}

const rendererZone = {
  modules: ['electron', 'ws', 'undici', 'eventsource-parser'],
  node: true,
  paths: ['**/core/**', '**/demo-agent/**', '**/main/**', '**/preload/**', '**/cli/**'],
};

export const zoneRules = {
  'src/shared/**/*.{ts,tsx}': zone('shared', {
    modules: ['electron', 'react', 'react-dom', 'zustand', 'ws', 'undici', 'eventsource-parser'],
    node: true,
    paths: ['**/core/**', '**/demo-agent/**', '**/main/**', '**/preload/**', '**/renderer/**', '**/cli/**'],
  }),
  // The demo agent is a product of its own (an ACP agent on the SDK): it imports no app code.
  'src/demo-agent/**/*.{ts,tsx}': zone('demo-agent', {
    modules: ['electron', 'react', 'react-dom', 'zustand', 'undici', 'eventsource-parser'],
    paths: ['**/shared/**', '**/core/**', '**/main/**', '**/preload/**', '**/renderer/**', '**/cli/**'],
  }),
  'src/core/**/*.{ts,tsx}': zone('core', {
    modules: ['electron', 'react', 'react-dom', 'zustand'],
    paths: ['**/main/**', '**/preload/**', '**/renderer/**', '**/cli/**'],
  }),
  'src/cli/**/*.{ts,tsx}': zone('cli', {
    modules: ['electron', 'react', 'react-dom', 'zustand'],
    paths: ['**/main/**', '**/preload/**', '**/renderer/**'],
  }),
  'src/main/**/*.{ts,tsx}': zone('main', {
    modules: ['react', 'react-dom', 'zustand'],
    paths: ['**/renderer/**', '**/preload/**', '**/cli/**'],
  }),
  'src/renderer/**/*.{ts,tsx}': zone('renderer', rendererZone),
  // Components and feature hooks read the store only through the named selector hooks
  // (src/renderer/state/selectors), so every selector lives in one place. Under flat config
  // this entry replaces the renderer one for these files, so it repeats the renderer zone's rules.
  'src/renderer/{features,ui}/**/*.{ts,tsx}': zone('renderer', {
    ...rendererZone,
    names: [
      {
        regex: '(^|/)store-context$',
        importNames: ['useAppState'],
        message: 'renderer features and ui: read state through the named hooks in state/selectors, not useAppState',
      },
    ],
  }),
  // The sandboxed preload can require nothing but electron; it may use only the contract.
  'src/preload/**/*.{ts,tsx}': [
    'error',
    {
      patterns: [
        {
          regex: '^(?!electron$|(\\.\\./)+shared/ipc/contract$).*',
          message: msg('preload', 'only `electron` and src/shared/ipc/contract may be imported'),
        },
      ],
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'tests/lint/fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-control-regex': 'off',
      eqeqeq: ['error', 'smart'],
      // Every line counts, comments too: a file's length is what its reader has to read.
      'max-lines': ['error', { max: 500, skipBlankLines: false, skipComments: false }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}'],
    rules: { 'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }] },
  },
  // The bugs this code is prone to, with type information: a promise nobody awaits loses its
  // error (every intentional one says `void`), and a switch over a union must name every case.
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  // React's rules of hooks and effect dependencies, in the renderer.
  {
    files: ['src/renderer/**/*.{ts,tsx}', 'tests/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  ...Object.entries(zoneRules).map(([files, rule]) => ({ files: [files], rules: { 'no-restricted-imports': rule } })),
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
