// How a test starts the `latchkey` command line: Node on the build made once for the run
// (test/support/compiled-cli.ts), the way production runs it.

import { inject } from 'vitest';

/** Node's arguments for running `latchkey <args>`. */
export function latchkeyArgs(args: string[]): string[] {
  return [inject('latchkeyCli'), ...args];
}
