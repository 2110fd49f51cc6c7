// `latchkey config check`: validates the config and shows who may request what, approved by whom.

import type { Command } from 'commander';
import { describeConfig } from '../src/config/describe.js';
import { ConfigError, loadConfig } from '../src/config/load.js';
import { configPath, withConfigOption } from './options.js';

export function register(program: Command): void {
  const config = program.command('config').description('Work with the Latchkey config file');

  withConfigOption(
    config
      .command('check')
      .description(
        'Validate the config; list every problem, or show who may request what and who approves it',
      ),
  ).action(async (options: { config?: string }) => {
    const file = configPath(options.config);
    try {
      const loaded = await loadConfig(file);
      process.stdout.write(`${file} is a valid Latchkey config.\n\n${describeConfig(loaded)}\n`);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 1;
    }
  });
}
