// Runs a bundled function (infra/bundle.ts) as Lambda's Node.js runtime does: a fresh Node process per
// invocation, started in the bundle's folder, which is the task root, with only the function's environment;
// `index.handler` is imported from index.mjs and awaited with the event. Nothing of the source tree or its
// node_modules is in reach. The result (or the error) comes back on file descriptor 3, apart from the logs.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FunctionHandler } from './lambda-service.js';

const BOOTSTRAP = `
import { writeSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
let input = '';
for await (const chunk of process.stdin) input += chunk;
const deadline = Date.now() + 30_000;
const context = {
  functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
  functionVersion: '$LATEST',
  awsRequestId: randomUUID(),
  getRemainingTimeInMillis: () => deadline - Date.now(),
};
let outcome;
try {
  const { handler } = await import(process.argv[1]);
  outcome = { ok: true, result: (await handler(JSON.parse(input), context)) ?? null };
} catch (error) {
  outcome = { ok: false, errorType: error?.name ?? 'Error', errorMessage: error?.message ?? String(error) };
}
writeSync(3, JSON.stringify(outcome));
// The runtime freezes the process once the handler is done; it does not wait for open sockets or timers.
process.exit(0);
`;

interface ChildOutcome {
  ok: boolean;
  result?: unknown;
  errorType?: string;
  errorMessage?: string;
}

export class BundledFunctionError extends Error {}

/**
 * A handler for the Lambda stand-in that runs `<dir>/index.mjs` in its own process. `env` is read at each
 * invocation: the function's environment variables, without the test process's own.
 */
export function bundledFunction(
  name: string,
  dir: string,
  env: () => Record<string, string>,
): FunctionHandler {
  return (event) =>
    new Promise((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--input-type=module', '-e', BOOTSTRAP, pathToFileURL(join(dir, 'index.mjs')).href],
        {
          cwd: dir,
          env: {
            PATH: process.env.PATH ?? '',
            HOME: dir,
            ...env(),
            LAMBDA_TASK_ROOT: dir,
            AWS_LAMBDA_FUNCTION_NAME: name,
            _HANDLER: 'index.handler',
          },
          stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
        },
      );
      let out = '';
      let logs = '';
      child.stdio[3]?.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
      });
      child.stdout?.on('data', (chunk: Buffer) => {
        logs += chunk.toString('utf8');
      });
      child.stderr?.on('data', (chunk: Buffer) => {
        logs += chunk.toString('utf8');
      });
      child.on('error', reject);
      child.on('close', (code) => {
        let outcome: ChildOutcome | undefined;
        try {
          outcome = JSON.parse(out) as ChildOutcome;
        } catch {
          outcome = undefined;
        }
        if (!outcome) {
          reject(new BundledFunctionError(`${name} exited ${code} without an outcome:\n${logs}`));
        } else if (outcome.ok) {
          resolve(outcome.result);
        } else {
          const error = new BundledFunctionError(outcome.errorMessage ?? 'unknown error');
          error.name = outcome.errorType ?? 'Error';
          reject(error);
        }
      });
      child.stdin?.end(JSON.stringify(event));
    });
}
