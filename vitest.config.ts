import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests start real HTTP servers; two cores do not gain from more workers.
    maxWorkers: 2,
    restoreMocks: true,
    // As in commands/latchkey.ts: the AWS SDK's notice about future Node.js versions is noise here.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
