// `latchkey reconcile`: compares the grants with what IAM Identity Center really holds. Reports by default;
// `--fix` repairs what Latchkey is responsible for. Exit code: 0 no drift, 2 drift found, 1 error.

import type { Command } from 'commander';
import { createLogger } from '../src/runtime/logger.js';
import { openWorker } from '../src/runtime/worker.js';
import { reconcile } from '../src/service/reconcile.js';
import { withConfigOption } from './options.js';
import { failStartup, startupEnvironment } from './serve.js';

export function register(program: Command): void {
  withConfigOption(program.command('reconcile'))
    .description('compare grants with IAM Identity Center and report drift')
    .option(
      '--fix',
      'grant again what active grants miss, and remove access Latchkey made that no grant holds',
    )
    .option('--accept', 'accept unexplained access found now as standing access')
    .option('--json', 'print the findings as JSON lines')
    .action(async (options: { config?: string; fix?: boolean; accept?: boolean; json?: boolean }) => {
      const env = startupEnvironment(options.config);
      const log = createLogger(env.logLevel, process.stderr);
      const worker = await openWorker(env, log).catch(failStartup);
      try {
        const findings = await reconcile(worker.deps, {
          fix: Boolean(options.fix),
          accept: Boolean(options.accept),
        });
        for (const f of findings) {
          process.stdout.write(
            options.json
              ? `${JSON.stringify(f)}\n`
              : `${f.fixed ? 'fixed' : 'drift'} ${f.kind}: ${f.detail} [${f.principalId} on ${f.targetKey}]\n`,
          );
        }
        if (!options.json)
          process.stdout.write(findings.length === 0 ? 'No drift.\n' : `${findings.length} finding(s).\n`);
        process.exitCode = findings.length === 0 ? 0 : 2;
      } finally {
        await worker.close();
      }
    });
}
