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
  reporters: ['default', '<rootDir>/test/setup/summary-reporter.js'],
};
