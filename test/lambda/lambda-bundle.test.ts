// The bundles as deployed: the worker and the sweeper built by infra/bundle.ts into a folder outside the
// source tree, each run in a Node process of its own from that folder, with the config shipped next to
// index.mjs and the environment the stack sets. A request approved in Slack reaches the bundled worker
// through Lambda's Invoke and is granted; EventBridge's event on the bundled sweeper ends it.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bundles, bundleLambdas, REPO_ROOT } from '../../infra/bundle.js';
import { ENV } from '../../src/lambda/runtime.js';
import { SAMPLE_CONFIG } from '../../src/sim/sandbox.js';
import { bundledFunction } from '../support/lambda/bundled.js';
import { lambdaContext } from '../support/lambda/context.js';
import {
  approveByButton,
  askProdRead,
  backdate,
  type Deployment,
  deployLatchkey,
  grantOf,
  threadText,
} from '../support/lambda/deployment.js';
import { type LambdaStack, scheduledEvent, WORKER } from '../support/lambda/stack.js';
import { PROD_READ } from '../support/slack-flows.js';

/**
 * What the stack sets on a bundled function: no LATCHKEY_CONFIG, the config is next to the code; the
 * credentials of the function's own role.
 */
const functionEnv = (stack: LambdaStack, role: 'Worker' | 'Sweeper') => () => {
  const { [ENV.config]: _config, LAMBDA_TASK_ROOT: _root, ...env } = stack.env;
  return { ...env, ...stack.credentials[role] };
};

let out: string;
let bundles: Bundles;
let latchkey: Deployment;

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'latchkey-bundles-'));
  bundles = await bundleLambdas(out, { configFile: SAMPLE_CONFIG });
  latchkey = await deployLatchkey({
    worker: (stack) => bundledFunction(WORKER, bundles.worker.dir, functionEnv(stack, 'Worker')),
  });
}, 240_000);

afterAll(async () => {
  await latchkey?.close();
  if (out) await rm(out, { recursive: true, force: true });
});

describe('the bundled worker and sweeper', () => {
  it('grant an approved request and end it on schedule, run from their folders', async () => {
    const { stack } = latchkey;
    expect(relative(REPO_ROOT, bundles.worker.dir)).toMatch(/^\.\./);
    const { request } = await askProdRead(latchkey, 'U0ALICE', 'checking the bundle');
    const invoked = stack.lambda.invocations.length;

    await approveByButton(latchkey, 'U0BOB', request);

    const grant = await grantOf(latchkey, request);
    expect(stack.lambda.invocations.slice(invoked)).toMatchObject([
      { functionName: WORKER, event: { kind: 'provision', grantId: grant.id }, outcome: { ok: true } },
    ]);
    expect(grant.state).toBe('active');
    expect(stack.ic.sim.holds('alice@example.com', PROD_READ)).toBe(true);
    expect(threadText(latchkey, request)).toContain('Access is active');

    await backdate(latchkey, grant, 'expiresAt');
    const sweeper = bundledFunction('latchkey-sweeper', bundles.sweeper.dir, functionEnv(stack, 'Sweeper'));
    await expect(sweeper(scheduledEvent(), lambdaContext('latchkey-sweeper'))).resolves.toBeNull();

    expect(stack.ic.sim.holds('alice@example.com', PROD_READ)).toBe(false);
    expect(await grantOf(latchkey, request)).toMatchObject({ state: 'revoked', endReason: 'expired' });
  });
});
