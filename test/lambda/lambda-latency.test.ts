// The Slack handler on Lambda answers within Slack's 3 seconds whatever happens downstream: with 2 s held
// on every call the functions make to DynamoDB, Slack's Web API and Identity Center, every answer of the
// handler (its cold start included) comes in under a second, and the work it handed to the worker still
// takes a request all the way: asked, approved, active, revoked. The function's code is loaded before the
// first request (Lambda's init phase); the first request builds the handler, as a cold start does.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimMessage } from '../../src/sim/slack/index.js';
import {
  APPROVALS,
  approvals,
  type Deployment,
  deployLatchkey,
  grantOf,
  threadText,
} from '../support/lambda/deployment.js';
import { formValues, PROD_READ } from '../support/slack-flows.js';

const LATENCY_MS = 2_000;

let latchkey: Deployment;
beforeAll(async () => {
  latchkey = await deployLatchkey({ latencyMs: LATENCY_MS });
}, 120_000);
afterAll(async () => {
  await latchkey?.close();
});

const p99 = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] ?? 0;
};

describe('Latchkey on Lambda with 2 s on every DynamoDB, Slack Web API and Identity Center call', () => {
  it('answers every Slack request in under a second at p99, cold start included, and the story completes', async () => {
    const { stack, url } = latchkey;
    const { sender, workspace } = stack.slack;

    // Asked: the very first request is the handler's cold start.
    const asked = await sender.runSlashCommand('U0ALICE', 'C0GENERAL', 'prod-read 1h slow day at AWS');
    expect(asked.delivery.status).toBe(200);
    await stack.lambda.idle();
    const request = approvals(latchkey).at(-1) as SimMessage;
    expect(JSON.stringify(request.blocks)).toContain('slow day at AWS');
    const grant = await grantOf(latchkey, request);
    expect(grant.state).toBe('pending');

    // Answers carried in the acknowledgement come from the request alone.
    const help = await sender.runSlashCommand('U0ALICE', 'C0GENERAL', 'help');
    expect(help.delivery.json).toMatchObject({ response_type: 'ephemeral' });

    // The form opens on its trigger although finding what Alice may request takes seconds.
    const opened = await sender.runSlashCommand('U0ALICE', 'C0GENERAL', '');
    expect(opened.delivery.status).toBe(200);
    await stack.lambda.idle();
    expect(workspace.openView('U0ALICE')).toMatchObject({ callback_id: 'latchkey_request' });
    const badForm = await sender.submitView(
      'U0ALICE',
      formValues({ entitlement: 'prod-read', duration: '9d', reason: 'too long' }),
    );
    // Checked in the acknowledgement, inside the form.
    expect(badForm.outcome).toMatchObject({ action: 'errors', errors: { duration: expect.any(String) } });
    await sender.closeView('U0ALICE');

    // A reaction on the bot's own message that is no request: answered at once, ignored by the worker.
    const link = workspace.dmsOf('U0ALICE').at(-1) as SimMessage;
    expect(link.bot_id).toBeDefined();
    const stray = await sender.addReaction('U0ALICE', link.channel, link.ts, 'white_check_mark');
    expect(stray.status).toBe(200);
    expect(stray.ms).toBeLessThan(1000);

    // Approved, then active.
    const click = await sender.clickButton('U0BOB', APPROVALS, request.ts, 'latchkey_approve');
    expect(click.delivery.status).toBe(200);
    await stack.lambda.idle();
    expect(await grantOf(latchkey, request)).toMatchObject({ state: 'active', approvals: ['U0BOB'] });
    expect(stack.ic.sim.holds('alice@example.com', PROD_READ)).toBe(true);

    // Revoked early by its holder.
    const revoke = await sender.runSlashCommand('U0ALICE', 'C0GENERAL', `revoke ${grant.id}`);
    expect(revoke.delivery.status).toBe(200);
    await stack.lambda.idle();
    expect(await grantOf(latchkey, request)).toMatchObject({ state: 'revoked' });
    expect(stack.ic.sim.holds('alice@example.com', PROD_READ)).toBe(false);
    expect(threadText(latchkey, request)).toContain('Access revoked');

    // Every answer the handler gave, the cold start first among them.
    expect(url.durations.length).toBeGreaterThanOrEqual(7);
    expect(url.errors).toEqual([]);
    expect(
      p99(url.durations),
      `handler answers (ms): ${url.durations.map(Math.round).join(', ')}`,
    ).toBeLessThan(1000);
    // The work behind them did wait on the slow calls.
    expect(stack.lambda.invocations.every((i) => i.outcome?.ok)).toBe(true);
  }, 300_000);
});
