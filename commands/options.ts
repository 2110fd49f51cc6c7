// Options and environment shared by the subcommands.

import type { Command } from 'commander';

export const DEFAULT_CONFIG = './latchkey.yml';

/** `--config`, falling back to LATCHKEY_CONFIG, then ./latchkey.yml. */
export function withConfigOption(command: Command): Command {
  return command.option(
    '-c, --config <file>',
    'the config file (default: $LATCHKEY_CONFIG or ./latchkey.yml)',
  );
}

export function configPath(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return option ?? env.LATCHKEY_CONFIG ?? DEFAULT_CONFIG;
}
