// The three Latchkey functions deployed into a LambdaStack: each imported into a module graph of its own
// (one container per function, each with its own cold start), the worker behind the Lambda stand-in, the
// Slack handler behind a function URL the simulated workspace sends to, the sweeper to call with
// EventBridge's event. Plus the moves a person makes in Slack, for the tests' stories.

import type { Context, LambdaFunctionURLEvent, ScheduledEvent } from 'aws-lambda';
import { expect, vi } from 'vitest';
import type { Grant } from '../../../src/core/grant.js';
import type { Clock } from '../../../src/core/ports.js';
import type { SimMessage } from '../../../src/sim/slack/index.js';
import { inContainer, uninstallContainers } from './containers.js';
import { lambdaContext } from './context.js';
import { type FunctionUrl, startFunctionUrl } from './function-url.js';
import type { FunctionHandler } from './lambda-service.js';
import { type LambdaStack, type LambdaStackOptions, startLambdaStack, WORKER } from './stack.js';

export const APPROVALS = 'C0APPROVALS';

export interface Deployment {
  stack: LambdaStack;
  url: FunctionUrl;
  /**
   * Runs the sweeper on EventBridge's event. Without a context the run has 30 s left, too little to watch
   * for due moments: one pass, then it returns. Give it the stack's timeout to see it watch.
   */
  sweeper(event: ScheduledEvent, context?: Context): Promise<void>;
  close(): Promise<void>;
}

export interface DeployOptions extends LambdaStackOptions {
  /** Runs instead of the worker's source, behind the same function name (a bundle, say). */
  worker?: (stack: LambdaStack) => FunctionHandler;
  /**
   * The functions' time instead of the system's (what their cold starts take as the real clock), for a
   * test that moves it on rather than waiting for it.
   */
  clock?: Clock;
}

export async function deployLatchkey(options: DeployOptions = {}): Promise<Deployment> {
  const stack = await startLambdaStack(options);
  for (const [name, value] of Object.entries(stack.env)) vi.stubEnv(name, value);
  const { clock } = options;
  if (clock) {
    vi.doMock('../../../src/core/ports.js', async (original) => ({
      ...(await original<typeof import('../../../src/core/ports.js')>()),
      systemClock: clock,
    }));
  }
  vi.resetModules();
  const slack = await import('../../../src/lambda/slack.js');
  vi.resetModules();
  const worker = await import('../../../src/lambda/worker.js');
  vi.resetModules();
  const sweeper = await import('../../../src/lambda/sweeper.js');
  vi.resetModules();
  // Each function signs with its own role's credentials, as in its own container.
  const { SlackHandler, Worker, Sweeper } = stack.containers;
  stack.lambda.deploy(
    WORKER,
    options.worker ? options.worker(stack) : (event) => inContainer(Worker, () => worker.handler(event)),
  );
  const url = await startFunctionUrl('latchkey-slack', (event: LambdaFunctionURLEvent) =>
    inContainer(SlackHandler, () => slack.handler(event)),
  );
  stack.slack.setBotUrl(`${url.url}/slack/events`);
  return {
    stack,
    url,
    sweeper: (event, context = lambdaContext('latchkey-sweeper')) =>
      inContainer(Sweeper, () => sweeper.handler(event, context)),
    close: async () => {
      await url.close();
      await stack.close();
      uninstallContainers();
      vi.unstubAllEnvs();
      if (clock) vi.doUnmock('../../../src/core/ports.js');
    },
  };
}

export const approvals = (d: Deployment) => d.stack.slack.workspace.history(APPROVALS);

export const threadText = (d: Deployment, message: SimMessage) =>
  d.stack.slack.workspace
    .thread(APPROVALS, message.ts)
    .map((m) => m.text ?? '')
    .join('\n');

export async function grantOf(d: Deployment, message: SimMessage): Promise<Grant> {
  const link = await d.stack.db.store.findByMessage(APPROVALS, message.ts);
  const grant = link && (await d.stack.db.store.get(link.grantId));
  if (!grant) throw new Error(`no grant behind message ${message.ts}`);
  return grant;
}

/** `/access prod-read 1h <reason>` by `user`: Slack's delivery, and the request message it posted. */
export async function askProdRead(d: Deployment, user: string, reason: string) {
  const before = approvals(d).length;
  const asked = await d.stack.slack.sender.runSlashCommand(user, 'C0GENERAL', `prod-read 1h ${reason}`);
  // The handler has answered and queued the rest on the worker: the request is posted once that is done.
  await d.stack.lambda.idle();
  const posted = approvals(d).slice(before);
  expect(posted).toHaveLength(1);
  const request = posted[0] as SimMessage;
  expect(JSON.stringify(request.blocks)).toContain(reason);
  return { delivery: asked.delivery, request };
}

/** The approver clicks Approve; returns once the work it queued on the worker is done. */
export async function approveByButton(d: Deployment, approver: string, request: SimMessage) {
  const click = await d.stack.slack.sender.clickButton(approver, APPROVALS, request.ts, 'latchkey_approve');
  expect(click.delivery.status).toBe(200);
  await d.stack.lambda.idle();
  return click;
}

/** Moves a grant's clock-driven times into the past, as if the time had come. */
export async function backdate(d: Deployment, grant: Grant, field: 'expiresAt' | 'nextAttemptAt') {
  const current = await d.stack.db.store.get(grant.id);
  if (!current) throw new Error(`grant ${grant.id} is gone`);
  return d.stack.db.store.save({ ...current, [field]: Date.now() - 1000 }, current.version);
}
