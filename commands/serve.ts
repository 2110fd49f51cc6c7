// `latchkey serve`: the bot and the sweeper in one process. With no Slack credentials: sandbox mode.

import type { Command } from 'commander';
import { ConfigError } from '../src/config/load.js';
import { EnvironmentError, readEnvironment } from '../src/runtime/environment.js';
import { createLogger } from '../src/runtime/logger.js';
import { serve } from '../src/runtime/serve.js';
import { withConfigOption } from './options.js';

export function register(program: Command): void {
  withConfigOption(program.command('serve'))
    .description('run the Slack bot and the sweeper (sandbox mode when no Slack credentials are set)')
    .action(async (options: { config?: string }) => {
      const env = startupEnvironment(options.config);
      const log = createLogger(env.logLevel);
      try {
        const running = await serve(env, log);
        if (running.sandbox) printSandboxBanner(running.sandbox.pageUrl);
        const stop = async (signal: string) => {
          log.info({ signal }, 'stopping');
          await running.stop();
          process.exit(0);
        };
        process.once('SIGINT', () => void stop('SIGINT'));
        process.once('SIGTERM', () => void stop('SIGTERM'));
      } catch (error) {
        failStartup(error);
      }
    });
}

export function startupEnvironment(configOption: string | undefined) {
  const env = orFailStartup(() => readEnvironment(process.env));
  return configOption ? { ...env, configPath: configOption } : env;
}

/** What `read` gives, or the process ends the way a failed start does. */
export function orFailStartup<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    return failStartup(error);
  }
}

export function failStartup(error: unknown): never {
  if (error instanceof EnvironmentError || error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `Latchkey could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
}

function printSandboxBanner(pageUrl: string): void {
  process.stdout.write(
    `${[
      '',
      '  Latchkey is running in SANDBOX MODE: no Slack workspace and no AWS account are used.',
      '  Simulated here: a Slack workspace (a web page), IAM Identity Center, and the store (on this machine).',
      '  The bot, the approval rules and the sweeper are the real ones.',
      '',
      `  Open ${pageUrl}`,
      '',
      '  Set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (and a latchkey.yml) to run against a real workspace.',
      '',
    ].join('\n')}\n`,
  );
}
