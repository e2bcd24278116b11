/** @type {import('jest').Config} */
const typescript = ['ts-jest', { tsconfig: 'tsconfig.json' }]

module.exports = {
  // Read only here: Jest ignores testTimeout inside a `projects` entry. The browser tests drive a real Chromium on a
  // shared 2-core machine, where a page load can take seconds; their own waits are bounded well below this.
  testTimeout: 30_000,
  // The scenario reporter names each browser test as it starts: a slow run says where it is.
  reporters: ['default', '<rootDir>/scripts/jest-scenario-reporter.cjs', '<rootDir>/scripts/jest-summary-reporter.cjs'],
  projects: [
    {
      displayName: 'unit',
      // As Segment's monorepo runs its browser destinations' tests (packages/browser-destinations/package.json), so
      // that a test that passes here passes there; offline, as it is there (see the environment).
      testEnvironment: '<rootDir>/__tests__/setup/offline-jsdom-environment.cjs',
      testEnvironmentOptions: { runScripts: 'dangerously', resources: 'usable', url: 'https://segment.com' },
      setupFilesAfterEnv: ['<rootDir>/__tests__/setup/each-test-as-in-the-monorepo.ts'],
      roots: ['<rootDir>/src', '<rootDir>/__tests__'],
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/__tests__/browser/'],
      transform: { '^.+\\.ts$': typescript },
      // actions-core's mapping engine imports liquidjs without declaring it; the builds alias the same stub.
      moduleNameMapper: { '^liquidjs$': '<rootDir>/build/liquid-stub.ts' }
    },
    {
      // The demo shop in a real headless Chromium, through a real analytics-next; needs dist/ (built if stale).
      displayName: 'browser',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/__tests__/browser/**/*.test.ts'],
      transform: { '^.+\\.ts$': typescript },
      globalSetup: '<rootDir>/__tests__/browser/global-setup.mjs'
    }
  ]
}
