#!/usr/bin/env -S npx tsx
// The `latchkey` command line. Each subcommand lives in its own file and registers itself here.

import { Command } from 'commander';
import { register as registerAudit } from './audit.js';
import { register as registerConfig } from './config.js';
import { register as registerDoctor } from './doctor.js';
import { register as registerReconcile } from './reconcile.js';
import { register as registerServe } from './serve.js';
import { register as registerSweep } from './sweep.js';

// Latchkey runs on Node.js 20 with the AWS SDK versions its lock file pins. The SDK's notice that its
// later versions will need Node.js 22 is for whoever upgrades them, not for every start of the program.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

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
