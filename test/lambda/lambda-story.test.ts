// The serverless deployment end to end, through the three real Lambda entry points: Slack's signed requests
// arrive as function URL events at the Slack handler, which queues work on the worker with an asynchronous
// Invoke; EventBridge's scheduled event runs the sweeper. Around them: the Identity Center simulator,
// dynalite, the Secrets Manager and Lambda stand-ins and the simulated Slack workspace. Each function is
// imported on its own, as in its own container, and starts cold from the environment the stack sets.

import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '../../src/lambda/runtime.js';
import {
  APPROVALS,
  approvals,
  approveByButton,
  askProdRead,
  backdate,
  type Deployment,
  deployLatchkey,
  grantOf,
  threadText,
} from '../support/lambda/deployment.js';
import { SLACK_SECRET_ARN, scheduledEvent, WORKER } from '../support/lambda/stack.js';
import { formValues, PROD_READ } from '../support/slack-flows.js';

let latchkey: Deployment;
// Deploying synthesizes the stack for the roles the functions run under.
beforeAll(async () => {
  latchkey = await deployLatchkey();
}, 120_000);
afterAll(async () => {
  await latchkey?.close();
});

const creations = () => latchkey.stack.ic.sim.callsTo('CreateAccountAssignment').length;

describe('Latchkey on Lambda: Slack → function URL → worker → Identity Center', () => {
  it('acknowledges a signed /access within 3 s, and an approval runs through the worker to active access', async () => {
    const { stack } = latchkey;
    const { delivery, request } = await askProdRead(latchkey, 'U0ALICE', 'checking the payment logs');
    expect(delivery.status).toBe(200);
    expect(delivery.ms).toBeLessThan(3000);
    expect(stack.lambda.invocations.at(-1)).toMatchObject({
      functionName: WORKER,
      event: { kind: 'slack', body: { command: '/access', text: 'prod-read 1h checking the payment logs' } },
      outcome: { ok: true },
    });
    const invoked = stack.lambda.invocations.length;
    const grant = await grantOf(latchkey, request);
    expect(grant).toMatchObject({ state: 'pending', requester: 'U0ALICE', entitlementId: 'prod-read' });
    // The cold start read the Slack credentials from Secrets Manager, by the ARN the stack gives.
    expect(stack.secrets.calls).toContainEqual(
      expect.objectContaining({ operation: 'GetSecretValue', secretId: SLACK_SECRET_ARN }),
    );

    await approveByButton(latchkey, 'U0BOB', request);

    // The handler queued the click for the worker, whose listener recorded the approval and provisioned
    // the grant in the same invocation.
    expect(stack.lambda.invocations.slice(invoked)).toMatchObject([
      {
        functionName: WORKER,
        type: 'Event',
        event: { kind: 'slack', body: { type: 'block_actions' } },
        outcome: { ok: true },
      },
    ]);
    expect(stack.ic.sim.holds('alice@example.com', PROD_READ)).toBe(true);
    expect(await stack.db.store.get(grant.id)).toMatchObject({ state: 'active', approvals: ['U0BOB'] });
    const thread = threadText(latchkey, request);
    expect(thread).toContain('approved');
    expect(thread).toContain('Access is active');
  });

  it('grants once when the same click arrives twice and the worker gets the same job twice', async () => {
    const { stack, url } = latchkey;
    const { request } = await askProdRead(latchkey, 'U0DAVE', 'month-end close');
    const before = creations();
    await approveByButton(latchkey, 'U0BOB', request);
    const click = url.events.at(-1) as LambdaFunctionURLEvent;

    // The very same signed delivery again (a double click, a retry on the way): Bolt accepts it, the grant
    // does not move.
    const again = (await url.invoke(click)) as { statusCode: number };
    expect(again.statusCode).toBe(200);
    await stack.lambda.idle();
    // Lambda delivers an asynchronous event at least once: the click's job may run twice.
    const jobs = stack.lambda.invocations.filter(
      (i) =>
        i.functionName === WORKER && (i.event as { body?: { type?: string } }).body?.type === 'block_actions',
    );
    const job = jobs.at(-1);
    expect(job?.event).toMatchObject({ kind: 'slack', key: expect.stringMatching(/^trigger:/) });
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
    expect(await grantOf(latchkey, request)).toMatchObject({ state: 'active', approvals: ['U0BOB'] });
    expect(threadText(latchkey, request).match(/Access is active/g)).toHaveLength(1);
  });

  it('grants once when Slack retries the approving reaction event', async () => {
    const { stack } = latchkey;
    const { request } = await askProdRead(latchkey, 'U0ERIN', 'rotating the platform keys');
    const before = creations();

    const reacted = await stack.slack.sender.addReaction(
      'U0CAROL',
      APPROVALS,
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
    expect(await grantOf(latchkey, request)).toMatchObject({ state: 'active', approvals: ['U0CAROL'] });
  });

  it('answers a request with a bad signature 401 and does nothing', async () => {
    const { stack } = latchkey;
    const posted = approvals(latchkey).length;
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
    expect(approvals(latchkey)).toHaveLength(posted);
    expect(stack.lambda.invocations).toHaveLength(invoked);
    expect(await stack.db.store.listByState('pending')).toHaveLength(pending);
  });
});

describe('Latchkey on Lambda: a refusal after the request form', () => {
  it('is told by the worker to the person alone, in the channel the form was opened from', async () => {
    const { stack } = latchkey;
    const { sender, workspace } = stack.slack;
    // Frank has no Identity Center user: the form is right, the request behind it is refused.
    const opened = await sender.runSlashCommand('U0FRANK', 'C0GENERAL', '');
    expect(opened.delivery.status).toBe(200);
    await stack.lambda.idle();
    expect(workspace.openView('U0FRANK')?.callback_id).toBe('latchkey_request');
    const before = workspace.ephemerals('U0FRANK', 'C0GENERAL').length;
    const posted = approvals(latchkey).length;

    const submitted = await sender.submitView(
      'U0FRANK',
      formValues({ entitlement: 'prod-read', duration: '1h', reason: 'first day on call' }),
    );
    await stack.lambda.idle();

    expect(submitted.delivery.status).toBe(200);
    expect(submitted.delivery.ms).toBeLessThan(3000);
    const told = workspace.ephemerals('U0FRANK', 'C0GENERAL').slice(before);
    expect(told.map((e) => e.text)).toEqual([expect.stringContaining('no IAM Identity Center user')]);
    expect(
      workspace
        .dmsOf('U0FRANK')
        .map((m) => m.text)
        .join('\n'),
    ).not.toContain('no IAM Identity Center user');
    expect(approvals(latchkey)).toHaveLength(posted);
    expect(stack.lambda.invocations.every((i) => i.outcome?.ok)).toBe(true);
  });
});

describe('Latchkey on Lambda: the scheduled sweeper', () => {
  it('revokes a grant once its end has passed', async () => {
    const { stack } = latchkey;
    const { request } = await askProdRead(latchkey, 'U0BOB', 'a quick look at production');
    await approveByButton(latchkey, 'U0CAROL', request);
    const active = await grantOf(latchkey, request);
    expect(active.state).toBe('active');
    expect(stack.ic.sim.holds('bob@example.com', PROD_READ)).toBe(true);

    await backdate(latchkey, active, 'expiresAt');
    await latchkey.sweeper(scheduledEvent());

    expect(stack.ic.sim.holds('bob@example.com', PROD_READ)).toBe(false);
    expect(await grantOf(latchkey, request)).toMatchObject({ state: 'revoked', endReason: 'expired' });
    expect(threadText(latchkey, request)).toContain('Access revoked');
  });
});
