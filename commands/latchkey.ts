// The `latchkey` command line. Each subcommand lives in its own file and registers itself here.

import { Command } from 'commander';
import { register as registerAudit } from './audit.js';
import { register as registerConfig } from './config.js';
import { register as registerDoctor } from './doctor.js';
import { register as registerReconcile } from './reconcile.js';
import { register as registerServe } from './serve.js';
import { register as registerSweep } from './sweep.js';

const program = new Command()
  .name('latchkey')
  .description('Just-in-time AWS access through IAM Identity Center, requested and approved in Slack')
  .showHelpAfterError();

for (const register of [
  registerServe,
  registerSweep,
  registerReconcile,
  registerDoctor,
  registerAudit,
  registerConfig,
]) {
  register(program);
}

await program.parseAsync(process.argv);
