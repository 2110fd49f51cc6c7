// The Slack handler on Lambda answers within Slack's 3 seconds whatever happens downstream: with every call
// it could make to DynamoDB, Slack's Web API and Identity Center held for 1.1 s, every answer it gives (its
// cold start included) comes in under a second, and the work it handed to the worker still takes a request
// all the way: asked, approved, active, revoked. The function's code is loaded before the first request
// (Lambda's init phase); the first request builds the handler, as a cold start does.
//
// Why these numbers: the hold is just above the 1 s bound, so a single such call on the answer path — at the
// cold start or on any request — breaks the bound, and the file costs seconds rather than minutes. The
// handler's calls are all held; the worker's are held only where its behaviour depends on them being slow:
// the Slack directory (user groups) the request form waits for, longer than the form's patience, so the form
// opens while its trigger is still good and its content follows (the form is asked for beside the first
// request, before anything is cached). Holding every worker call as well would only make the story take a
// hold per call (about a hundred of them) without proving more. The worker ignores the stray reaction only
// after waiting 15 s for a request's link to be stored; that wait runs beside the rest of the story, on the
// functions' clock, which the test moves on at the end rather than sitting the rest of the wait out.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOADING_AFTER_MS } from '../../src/slack/open-form.js';
import { eventually } from '../support/eventually.js';
import {
  APPROVALS,
  approvals,
  type Deployment,
  deployLatchkey,
  grantOf,
  threadText,
} from '../support/lambda/deployment.js';
import { formValues, PROD_READ } from '../support/slack-flows.js';
import { TestClock } from '../support/test-clock.js';

const ANSWER_BOUND_MS = 1_000;
const LATENCY_MS = ANSWER_BOUND_MS + 100;
/** What the form waits for: the directory's user groups, which say what a person may request. */
const DIRECTORY = new Set(['usergroups.list', 'usergroups.users.list']);

let latchkey: Deployment;
const clock = new TestClock();
beforeAll(async () => {
  latchkey = await deployLatchkey({
    clock,
    latencyMs: LATENCY_MS,
    holds: ({ fn, service, operation }) =>
      fn === 'SlackHandler' || (fn === 'Worker' && service === 'slack' && DIRECTORY.has(operation)),
  });
}, 60_000);
afterAll(async () => {
  await latchkey?.close();
});

const p99 = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] ?? 0;
};

describe('Latchkey on Lambda with 1.1 s on every DynamoDB, Slack Web API and Identity Center call of the Slack handler', () => {
  it('answers every Slack request in under a second at p99, cold start included, and the story completes', async () => {
    const { stack, url } = latchkey;
    const { sender, workspace } = stack.slack;
    expect(LATENCY_MS).toBeGreaterThan(ANSWER_BOUND_MS);
    expect(LATENCY_MS).toBeGreaterThan(LOADING_AFTER_MS);

    // The first requests are the handler's cold start, and the worker's.
    const ask = async () => {
      const asked = await sender.runSlashCommand('U0ALICE', 'C0GENERAL', 'prod-read 1h slow day at AWS');
      expect(asked.delivery.status).toBe(200);
      const request = await eventually(() => approvals(latchkey).at(-1), { what: 'the request message' });
      expect(JSON.stringify(request.blocks)).toContain('slow day at AWS');
      const grant = await eventually(() => grantOf(latchkey, request), { what: 'the grant' });
      expect(grant.state).toBe('pending');
      return { request, grant };
    };
    // The form opens on its trigger although finding what Alice may request outlasts the form's patience:
    // it opens showing that it is loading, and its content follows.
    const form = async () => {
      const opened = await sender.runSlashCommand('U0ALICE', 'C0GENERAL', '');
      expect(opened.delivery.status).toBe(200);
      await eventually(() => workspace.openView('U0ALICE')?.callback_id === 'latchkey_request', {
        what: 'the request form with its content',
      });
      const opens = stack.slack.calls.filter((c) => c.method === 'views.open');
      expect(opens.map((c) => c.response.ok)).toEqual([true]);
      expect(JSON.stringify(opens[0]?.args)).toContain('Loading');
      expect(stack.slack.calls.some((c) => c.method === 'views.update' && c.response.ok)).toBe(true);
      const badForm = await sender.submitView(
        'U0ALICE',
        formValues({ entitlement: 'prod-read', duration: '9d', reason: 'too long' }),
      );
      // Checked in the acknowledgement, inside the form.
      expect(badForm.outcome).toMatchObject({ action: 'errors', errors: { duration: expect.any(String) } });
      await sender.closeView('U0ALICE');
    };
    const [{ request, grant }] = await Promise.all([ask(), form()]);

    // A reaction on the bot's own message that is no request: answered at once, ignored by the worker once
    // it has waited long enough for a request's link to be stored (the longest job here, so it goes first).
    const link = await eventually(() => workspace.dmsOf('U0ALICE').at(-1), { what: 'the DM with the link' });
    expect(link.bot_id).toBeDefined();
    const stray = await sender.addReaction('U0ALICE', link.channel, link.ts, 'white_check_mark');
    expect(stray.status).toBe(200);
    expect(stray.ms).toBeLessThan(ANSWER_BOUND_MS);

    // Answers carried in the acknowledgement come from the request alone.
    const help = await sender.runSlashCommand('U0ALICE', 'C0GENERAL', 'help');
    expect(help.delivery.json).toMatchObject({ response_type: 'ephemeral' });

    // Approved, then active.
    const click = await sender.clickButton('U0BOB', APPROVALS, request.ts, 'latchkey_approve');
    expect(click.delivery.status).toBe(200);
    await eventually(async () => (await grantOf(latchkey, request)).state === 'active', {
      what: 'the grant to be active',
    });
    expect(await grantOf(latchkey, request)).toMatchObject({ state: 'active', approvals: ['U0BOB'] });
    expect(stack.ic.sim.holds('alice@example.com', PROD_READ)).toBe(true);

    // Revoked early by its holder.
    const revoke = await sender.runSlashCommand('U0ALICE', 'C0GENERAL', `revoke ${grant.id}`);
    expect(revoke.delivery.status).toBe(200);
    await eventually(async () => (await grantOf(latchkey, request)).state === 'revoked', {
      what: 'the grant to be revoked',
    });
    expect(stack.ic.sim.holds('alice@example.com', PROD_READ)).toBe(false);
    await eventually(() => threadText(latchkey, request).includes('Access revoked'), {
      what: 'the revocation in the thread',
    });

    // Past the longest wait for a reacted-to message's link: the stray reaction is let go.
    clock.advance(60_000);
    await stack.lambda.idle();

    // Every answer the handler gave, the cold start first among them.
    expect(url.durations.length).toBeGreaterThanOrEqual(7);
    expect(url.errors).toEqual([]);
    expect(
      p99(url.durations),
      `handler answers (ms): ${url.durations.map(Math.round).join(', ')}`,
    ).toBeLessThan(ANSWER_BOUND_MS);
    // The work behind them all completed, the form's included.
    expect(stack.lambda.invocations.every((i) => i.outcome?.ok)).toBe(true);
    expect(workspace.history(APPROVALS)).toHaveLength(1);
  }, 90_000);
});
