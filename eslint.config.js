// ESLint 9 flat config. Errors are for real faults (unhandled promises, layer breaches, dead
// code); layout is Prettier's job (.prettierrc.json), so no stylistic rules here.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Relative imports that climb into a top-level folder (any depth of ../). */
const into = (...dirs) => `^(\\.\\./)+(${dirs.join('|')})(/|$)`;

const NODE_ONLY = [
  'node:*',
  'fs',
  'path',
  'os',
  'child_process',
  'worker_threads',
  'express',
  'better-sqlite3',
  'compression',
  'helmet',
  'playwright-core',
];

export default tseslint.config(
  { ignores: ['client/dist/**', 'node_modules/**', 'test-output/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Real faults that type information can see.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // The code asserts non-null where a lookup is known to succeed (tests, indexed loops).
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Not a fault (isolatedModules elides either way) but fixable: a warning, cleared by --fix.
      '@typescript-eslint/consistent-type-imports': ['warn', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'no-constant-condition': ['error', { checkLoops: false }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  {
    // Published coefficients (AS241 and the like) transcribed with every digit of the source.
    files: ['geo/stats/normal.ts', 'tests/geo/normal.test.ts'],
    rules: { 'no-loss-of-precision': 'off' },
  },
  {
    // Tests read JSON bodies loosely and write terse parsers; the code under test is held to more.
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-unused-expressions': 'off' },
  },

  // Layer boundaries (docs/ARCHITECTURE.md, "Layers"). tsconfig projects keep each layer's globals
  // apart; these keep its imports apart.
  {
    files: ['geo/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: NODE_ONLY.filter((p) => !p.includes('*')).map((name) => ({
            name,
            message: 'geo/ is pure: no I/O, no node, no server packages.',
          })),
          patterns: [
            { regex: into('server', 'client', 'scripts', 'bench', 'tests'), message: 'geo/ may import only geo/.' },
            { group: ['node:*', 'maplibre-gl', '@deck.gl/*'], message: 'geo/ is pure: no node modules, no DOM or map packages.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require', '__dirname', 'window', 'document', 'console'],
      'no-console': 'error',
    },
  },
  {
    files: ['client/**/*.ts'],
    languageOptions: { globals: globals.browser },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: NODE_ONLY.filter((p) => !p.includes('*')).map((name) => ({
            name,
            message: 'client/ runs in the browser: it talks to the server over HTTP.',
          })),
          patterns: [
            {
              regex: into('server', 'scripts', 'bench', 'tests'),
              message: 'client/ may import geo/ (pure) and client/ only; data comes over HTTP.',
            },
            { group: ['node:*'], message: 'client/ runs in the browser.' },
          ],
        },
      ],
      // A dependency's declarations pull @types/node into the client project, so tsc alone would
      // accept these.
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require', '__dirname', '__filename', 'global'],
    },
  },
  {
    files: ['server/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: into('client', 'scripts', 'bench', 'tests'), message: 'server/ may import server/ and geo/ only.' }] },
      ],
    },
  },
  {
    files: ['scripts/**/*.ts', 'bench/**/*.ts', 'tests/**/*.ts', '*.config.ts', '*.config.js'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
