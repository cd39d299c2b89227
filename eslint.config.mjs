// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

/** Modules workflow code must never import: they break determinism or do I/O. */
const forbiddenInWorkflows = [
  ...builtinModules,
  ...builtinModules.map((m) => `node:${m}`),
  'typeorm',
  'pg',
  'nodemailer',
  'smtp-server',
  'mailparser',
  'pino',
  '@temporalio/client',
  '@temporalio/worker',
  '@temporalio/activity',
  '@hyoka/persistence',
  '@hyoka/mail',
  '@hyoka/platform',
  '@hyoka/config',
  '@hyoka/demo',
];

const deepRelativeImports = {
  group: ['../../../*'],
  message: 'Use the @hyoka/* path aliases instead of deep relative imports.',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      '.data/',
      '.tools/',
      'coverage/',
      'test-output/',
      'apps/web/dist/',
      // Checked by tsc against the client generated from the API document, in its test.
      'test/api/openapi-client/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['*.js', '*.mjs', 'scripts/*.mjs', 'test/setup/*.js'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['./tsconfig.json', './apps/web/tsconfig.json'],
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'import-x/no-cycle': 'error',
      'import-x/no-relative-packages': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            deepRelativeImports,
            {
              group: ['csv-stringify', 'csv-stringify/*'],
              message:
                'Write CSV with apps/api/src/common/csv.ts (one configuration: CRLF, line breaks quoted, formulas neutralised).',
            },
          ],
        },
      ],
    },
  },
  {
    // The product's one CSV writer.
    files: ['apps/api/src/common/csv.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [deepRelativeImports] }] },
  },
  {
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: forbiddenInWorkflows.map((name) => ({
            name,
            message:
              'Workflow code must stay deterministic: no Node built-ins, database, mail or NestJS here. Call an activity.',
          })),
          patterns: [{ group: ['@nestjs/*'], message: 'No NestJS in workflow code.' }],
        },
      ],
    },
  },
  {
    // A workflow's typed client (handles, starts, updates for the API and activities) is not part
    // of the bundle (nothing in workflow code imports it); it takes the Temporal Client as a
    // parameter and imports its types only.
    files: ['workflows/src/**/client.ts', 'workflows/src/*.client.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: forbiddenInWorkflows
            .filter((name) => name !== '@temporalio/client')
            .map((name) => ({ name, message: 'A workflow client reaches Temporal only.' })),
          patterns: [{ group: ['@nestjs/*'], message: 'No NestJS in workflow code.' }],
        },
      ],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@temporalio/client',
              allowTypeImports: true,
              message: 'A workflow client takes the Client as a parameter: import its types only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/domain/**/*.ts', 'libs/calendar/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@nestjs/*', 'typeorm', '@temporalio/*'],
              message: 'Domain rules are plain TypeScript: no framework imports.',
            },
          ],
        },
      ],
    },
  },
  {
    // The web app takes the API's answer types from its response schemas, as types only: the
    // schemas (and what they check against) stay out of the browser bundle.
    files: ['apps/web/**/*.ts', 'apps/web/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@hyoka/api/*',
                '@hyoka/persistence/*',
                '@hyoka/workflows/*',
                '@hyoka/mail/*',
              ],
              allowTypeImports: true,
              message: 'The web app imports the API side as types only (import type).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        performance: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
      },
    },
  },
  {
    files: ['**/*.cjs', 'jest.config.js', 'test/setup/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
