// @ts-check
const { compilerOptions } = require('./tsconfig.json');

/** Maps the tsconfig path aliases (@hyoka/*) to their source folders. */
const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias.replace('/', '\\/').replace('*', '(.*)')}$`,
    `<rootDir>/${target.replace('*', '$1')}`,
  ]),
);

const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        target: 'es2022',
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        keepClassNames: true,
      },
      module: { type: 'commonjs' },
    },
  ],
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      displayName: 'unit',
      testMatch: [
        '<rootDir>/libs/**/*.spec.ts',
        '<rootDir>/workflows/**/*.spec.ts',
        // Activities against in-memory fakes of the repositories.
        '<rootDir>/activities/**/*.spec.ts',
        // Checks of the code's shape: no servers.
        '<rootDir>/test/architecture/**/*.test.ts',
      ],
      transform,
      moduleNameMapper,
      testEnvironment: 'node',
    },
    {
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/architecture/'],
      transform,
      moduleNameMapper,
      testEnvironment: 'node',
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
      testEnvironmentOptions: { globalsCleanup: 'off' },
    },
  ],
  // Integration tests start real servers and wait for real events; no test waits on a sleep.
  testTimeout: 120_000,
  // On a 2-core machine jest would run every file in its own process, one after another, so what
  // a file leaves behind (Temporal runtimes, pools) adds up until the heap is exhausted (it did at
  // about 4 GB, 92 files in). With a limit, files run in a worker that is replaced once it holds
  // more than this after a file.
  workerIdleMemoryLimit: '1536MB',
  reporters: ['default', '<rootDir>/test/setup/summary-reporter.js'],
};
