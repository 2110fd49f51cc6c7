import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/compiled-cli.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests start real HTTP servers; two cores do not gain from more workers.
    maxWorkers: 2,
    restoreMocks: true,
  },
});
