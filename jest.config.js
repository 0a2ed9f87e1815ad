/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // Adapters start real HTTP servers and databases; keep workers low on 2-core machines.
  maxWorkers: 2,
  testTimeout: 20000,
  // Says once which checks are skipped in this run (no PostgreSQL, no shared schemas).
  globalSetup: '<rootDir>/test/support/global-setup.ts',
};
