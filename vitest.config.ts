import { configDefaults, defineConfig } from 'vitest/config';
import { UnitFilesLast } from './test/support/sequencer.js';

const LAMBDA = 'test/lambda/**/*.test.ts';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Most files spend their time waiting (on simulated AWS latency, quotas, real expiries and restarts),
    // not computing: on two cores a third worker took a full run from 271 s to 192 s, each file taking as
    // long as with two. More would mostly add contention for the timing-sensitive files.
    maxWorkers: 3,
    restoreMocks: true,
    sequence: { sequencer: UnitFilesLast },
    projects: [
      {
        extends: true,
        test: {
          name: 'latchkey',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, LAMBDA],
          // The files share a worker's loaded modules instead of each loading the SDKs, Bolt and the
          // simulators again, which cost more than many of the tests. That is safe because they keep no
          // state outside what they start and stop: no module-level singletons, no environment changes left
          // behind, timers and fakes restored after each test.
          isolate: false,
          globalSetup: ['test/support/compiled-cli.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'lambda',
          include: [LAMBDA],
          // Each file sets the functions' environment and loads their modules afresh, as Lambda's cold
          // start does: a worker of its own.
          isolate: true,
        },
      },
    ],
  },
});
