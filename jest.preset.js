/** Shared Jest settings for every workspace: TypeScript through ts-jest, tests under test/. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/src'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Several waits of up to DEFAULT_WAIT_MS (test-helpers) each, when CI's load makes apps start slowly.
  testTimeout: 180000,
};
