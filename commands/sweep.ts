// `latchkey sweep`: one pass of the sweeper, for cron or a scheduled job. Exits 1 when something that was
// due could not be finished (it is retried on the next pass).

import type { Command } from 'commander';
import { createLogger } from '../src/runtime/logger.js';
import { openWorker } from '../src/runtime/worker.js';
import { sweepOnce, sweepOptions } from '../src/service/sweeper.js';
import { withConfigOption } from './options.js';
import { failStartup, startupEnvironment } from './serve.js';

export function register(program: Command): void {
  withConfigOption(program.command('sweep'))
    .description('revoke what is due, finish interrupted work, lapse and remind; then exit')
    .action(async (options: { config?: string }) => {
      const env = startupEnvironment(options.config);
      const log = createLogger(env.logLevel, process.stderr);
      const worker = await openWorker(env, log).catch(failStartup);
      try {
        const report = await sweepOnce(
          worker.deps,
          sweepOptions(worker.config.schedule, { takeOver: !env.table }),
        );
        await worker.dispatcher.idle();
        process.stdout.write(`${JSON.stringify(report)}\n`);
        process.exitCode = report.unfinished.length === 0 ? 0 : 1;
      } finally {
        await worker.close();
      }
    });
}
