// The serverless deployment end to end, through the three real Lambda entry points: Slack's signed requests
// arrive as function URL events at the Slack handler, which queues work on the worker with an asynchronous
// Invoke; EventBridge's scheduled event runs the sweeper. Around them: the Identity Center simulator,
// dynalite, the Secrets Manager and Lambda stand-ins and the simulated Slack workspace. Each function is
// imported on its own, as in its own container, and starts cold from the environment the stack sets.

import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { Context, LambdaFunctionURLEvent, ScheduledEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Grant } from '../../src/core/grant.js';
import { ENV } from '../../src/lambda/runtime.js';
import type { SimMessage } from '../../src/sim/slack/index.js';
import { type FunctionUrl, startFunctionUrl } from '../support/lambda/function-url.js';
import {
  type LambdaStack,
  SLACK_SECRET_ARN,
  scheduledEvent,
  startLambdaStack,
  WORKER,
} from '../support/lambda/stack.js';

const PROD_READ = {
  kind: 'permissionSet',
  accountId: '123456789012',
  permissionSet: 'ReadOnlyAccess',
} as const;

let stack: LambdaStack;
let url: FunctionUrl;
let sweeper: (event: ScheduledEvent) => Promise<void>;

beforeAll(async () => {
  stack = await startLambdaStack();
  for (const [name, value] of Object.entries(stack.env)) vi.stubEnv(name, value);
  // One module graph per function, as one container per function: nothing is shared but the AWS around them.
  vi.resetModules();
  const slack = await import('../../src/lambda/slack.js');
  vi.resetModules();
  const worker = await import('../../src/lambda/worker.js');
  vi.resetModules();
  sweeper = (await import('../../src/lambda/sweeper.js')).handler;
  stack.lambda.deploy(WORKER, (event) => worker.handler(event));
  url = await startFunctionUrl('latchkey-slack', (event: LambdaFunctionURLEvent, context: Context) =>
    slack.handler(event, context),
  );
  stack.slack.setBotUrl(`${url.url}/slack/events`);
});

afterAll(async () => {
  await url?.close();
  await stack?.close();
  vi.unstubAllEnvs();
});

const approvals = () => stack.slack.workspace.history('C0APPROVALS');
const threadText = (message: SimMessage) =>
  stack.slack.workspace
    .thread('C0APPROVALS', message.ts)
    .map((m) => m.text ?? '')
    .join('\n');
const creations = () => stack.ic.sim.callsTo('CreateAccountAssignment').length;

async function grantOf(message: SimMessage): Promise<Grant> {
  const link = await stack.db.store.findByMessage('C0APPROVALS', message.ts);
  const grant = link && (await stack.db.store.get(link.grantId));
  if (!grant) throw new Error(`no grant behind message ${message.ts}`);
  return grant;
}

/** `/access prod-read 1h <reason>` by `user`: the answer, and the request message it posted. */
async function ask(user: string, reason: string) {
  const before = approvals().length;
  const asked = await stack.slack.sender.runSlashCommand(user, 'C0GENERAL', `prod-read 1h ${reason}`);
  // The function has answered, so its container may be frozen: whatever it did is done by now.
  const posted = approvals().slice(before);
  expect(posted).toHaveLength(1);
  const request = posted[0] as SimMessage;
  expect(JSON.stringify(request.blocks)).toContain(reason);
  return { delivery: asked.delivery, request };
}

async function approveByButton(approver: string, request: SimMessage) {
  const click = await stack.slack.sender.clickButton(approver, 'C0APPROVALS', request.ts, 'latchkey_approve');
  expect(click.delivery.status).toBe(200);
  await stack.lambda.idle();
  return click;
}

describe('Latchkey on Lambda: Slack → function URL → worker → Identity Center', () => {
  it('acknowledges a signed /access within 3 s, and an approval runs through the worker to active access', async () => {
    const invoked = stack.lambda.invocations.length;
    const { delivery, request } = await ask('U0ALICE', 'checking the payment logs');
    expect(delivery.status).toBe(200);
    expect(delivery.ms).toBeLessThan(3000);
    const grant = await grantOf(request);
    expect(grant).toMatchObject({ state: 'pending', requester: 'U0ALICE', entitlementId: 'prod-read' });
    // The cold start read the Slack credentials from Secrets Manager, by the ARN the stack gives.
    expect(stack.secrets.calls).toContainEqual(
      expect.objectContaining({ operation: 'GetSecretValue', secretId: SLACK_SECRET_ARN }),
    );

    await approveByButton('U0BOB', request);

    expect(stack.lambda.invocations.slice(invoked)).toMatchObject([
      {
        functionName: WORKER,
        type: 'Event',
        event: { kind: 'provision', grantId: grant.id },
        outcome: { ok: true },
      },
    ]);
    expect(stack.ic.sim.holds('alice@example.com', PROD_READ)).toBe(true);
    expect(await stack.db.store.get(grant.id)).toMatchObject({ state: 'active', approvals: ['U0BOB'] });
    const thread = threadText(request);
    expect(thread).toContain('approved');
    expect(thread).toContain('Access is active');
  });

  it('grants once when the same click arrives twice and the worker gets the same job twice', async () => {
    const { request } = await ask('U0DAVE', 'month-end close');
    const before = creations();
    await approveByButton('U0BOB', request);
    const click = url.events.at(-1) as LambdaFunctionURLEvent;

    // The very same signed delivery again (a double click, a retry on the way): Bolt accepts it, the grant
    // does not move.
    const again = (await url.invoke(click)) as { statusCode: number };
    expect(again.statusCode).toBe(200);
    await stack.lambda.idle();
    // Lambda delivers an asynchronous event at least once: the job may run twice.
    const { id } = await grantOf(request);
    const job = stack.lambda.invocations.find(
      (i) => i.functionName === WORKER && (i.event as { grantId?: string }).grantId === id,
    );
    expect(job?.event).toEqual({ kind: 'provision', grantId: id });
    const lambda = new LambdaClient({});
    const replayed = await lambda.send(
      new InvokeCommand({
        FunctionName: stack.env[ENV.workerFunction],
        InvocationType: 'Event',
        Payload: new TextEncoder().encode(JSON.stringify(job?.event)),
      }),
    );
    lambda.destroy();
    expect(replayed.StatusCode).toBe(202);
    await stack.lambda.idle();

    expect(creations() - before).toBe(1);
    expect(stack.ic.sim.holds('dave@example.com', PROD_READ)).toBe(true);
    const grant = await grantOf(request);
    expect(grant).toMatchObject({ state: 'active', approvals: ['U0BOB'] });
    expect(threadText(request).match(/Access is active/g)).toHaveLength(1);
  });

  it('grants once when Slack retries the approving reaction event', async () => {
    const { request } = await ask('U0ERIN', 'rotating the platform keys');
    const before = creations();

    const reacted = await stack.slack.sender.addReaction(
      'U0CAROL',
      'C0APPROVALS',
      request.ts,
      'white_check_mark',
    );
    expect(reacted.status).toBe(200);
    const eventId = stack.slack.sender.lastEventId() ?? '';
    const retried = await stack.slack.sender.retryEvent(eventId, {
      retryNum: 1,
      retryReason: 'http_timeout',
    });
    expect(retried.status).toBe(200);
    await stack.lambda.idle();

    expect(creations() - before).toBe(1);
    expect(stack.ic.sim.holds('erin@example.com', PROD_READ)).toBe(true);
    expect(await grantOf(request)).toMatchObject({ state: 'active', approvals: ['U0CAROL'] });
  });

  it('answers a request with a bad signature 401 and does nothing', async () => {
    const posted = approvals().length;
    const invoked = stack.lambda.invocations.length;
    const pending = (await stack.db.store.listByState('pending')).length;

    const forged = await stack.slack.sender.runSlashCommand('U0BOB', 'C0GENERAL', 'prod-read 1h forged', {
      signature: 'wrong',
    });
    const unsigned = await stack.slack.sender.runSlashCommand('U0BOB', 'C0GENERAL', 'prod-read 1h unsigned', {
      signature: 'missing',
    });

    expect(forged.delivery.status).toBe(401);
    expect(unsigned.delivery.status).toBe(401);
    expect(approvals()).toHaveLength(posted);
    expect(stack.lambda.invocations).toHaveLength(invoked);
    expect(await stack.db.store.listByState('pending')).toHaveLength(pending);
  });
});

describe('Latchkey on Lambda: the scheduled sweeper', () => {
  it('revokes a grant once its end has passed', async () => {
    const { request } = await ask('U0BOB', 'a quick look at production');
    await approveByButton('U0CAROL', request);
    const active = await grantOf(request);
    expect(active.state).toBe('active');
    expect(stack.ic.sim.holds('bob@example.com', PROD_READ)).toBe(true);

    // An hour later, as far as the grant is concerned.
    await stack.db.store.save({ ...active, expiresAt: Date.now() - 1000 }, active.version);
    await sweeper(scheduledEvent());

    expect(stack.ic.sim.holds('bob@example.com', PROD_READ)).toBe(false);
    expect(await grantOf(request)).toMatchObject({ state: 'revoked', endReason: 'expired' });
    expect(threadText(request)).toContain('Access revoked');
  });
});
