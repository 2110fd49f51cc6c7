// The `latchkey` command line with only `config` registered, so `config check` can be run as a child
// process whatever state the other subcommands are in. Run it the way the real entry point is run:
//   npx tsx test/support/config-cli.ts config check --config latchkey.yml

import { Command } from 'commander';
import { register } from '../../commands/config.js';

const program = new Command().name('latchkey').showHelpAfterError();
register(program);
await program.parseAsync(process.argv);
