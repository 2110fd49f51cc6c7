import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APPROVE,
  buttonsOf,
  DENY,
  grantOf,
  PROD_READ,
  quietMovingTime,
  react,
  request,
  threadText,
  unreact,
  waitForAccess,
  waitForMessage,
  waitForState,
  waitForThread,
} from '../support/slack-flows.js';
import { type System, startSystem } from '../support/system.js';
import { TestClock } from '../support/test-clock.js';

describe('Slack: reactions', () => {
  let system: System;
  const clock = new TestClock();
  beforeAll(async () => {
    system = await startSystem({ clock });
  });
  afterAll(async () => {
    await system.close();
  });

  it("an approver's approve reaction counts as an approval and grants the access", async () => {
    const asked = await request(system, 'U0ALICE', 'prod-read 1h checking the logs');
    await react(system, 'U0BOB', asked, 'white_check_mark');
    const grant = await waitForAccess(system, asked.id, 'U0ALICE', PROD_READ);
    expect(grant.approvals).toEqual(['U0BOB']);
    await waitForThread(system, asked.channel, asked.ts, '<@U0BOB> approved (1 of 1): granting access');
    const message = await waitForMessage(system, asked.channel, asked.ts, 'Active until');
    expect(buttonsOf(message)).toEqual([]);
  });

  it("an approver's deny reaction denies the request", async () => {
    const asked = await request(system, 'U0DAVE', 'prod-read 1h checking the ledger');
    await react(system, 'U0CAROL', asked, 'x');
    const grant = await waitForState(system, asked.id, 'denied');
    expect(grant.deniedBy).toBe('U0CAROL');
    await waitForThread(system, asked.channel, asked.ts, '<@U0CAROL> denied the request');
    const message = await waitForMessage(system, asked.channel, asked.ts, 'Denied by <@U0CAROL>');
    expect(buttonsOf(message)).toEqual([]);
  });

  it('removing the approve reaction before the quorum withdraws the approval', async () => {
    const asked = await request(system, 'U0ERIN', 'prod-admin 1h rotating certificates');
    await react(system, 'U0BOB', asked, 'white_check_mark');
    await waitForMessage(system, asked.channel, asked.ts, '1 of 2 needed · <@U0BOB>');
    await unreact(system, 'U0BOB', asked, 'white_check_mark');
    await waitForThread(system, asked.channel, asked.ts, '<@U0BOB> withdrew their approval (0 of 2)');
    await waitForMessage(system, asked.channel, asked.ts, '0 of 2 needed · nobody yet');
    expect((await grantOf(system, asked.id)).approvals).toEqual([]);

    // One more approval now makes one of two, not two of two.
    await react(system, 'U0CAROL', asked, 'white_check_mark');
    await waitForMessage(system, asked.channel, asked.ts, '1 of 2 needed · <@U0CAROL>');
    expect(await grantOf(system, asked.id)).toMatchObject({ state: 'pending', approvals: ['U0CAROL'] });
  });

  it('a stray reaction is ignored silently: a non-approver, a guest, another emoji, a reaction on a thread reply', async () => {
    const asked = await request(system, 'U0ALICE', 'prod-admin 1h schema migration');
    await react(system, 'U0BOB', asked, 'white_check_mark');
    await waitForThread(system, asked.channel, asked.ts, 'approved (1 of 2)');
    const before = await grantOf(system, asked.id);
    const reply = system.slack.workspace.thread(asked.channel, asked.ts)[1];
    if (!reply) throw new Error('the thread has no reply');
    const threadBefore = threadText(system, asked.channel, asked.ts);
    const people = ['U0DAVE', 'U0GUEST', 'U0CAROL'];
    const dmsBefore = people.map((user) => system.slack.workspace.dmsOf(user).length);

    await react(system, 'U0DAVE', asked, 'white_check_mark');
    await react(system, 'U0DAVE', asked, 'x');
    await react(system, 'U0GUEST', asked, 'white_check_mark');
    await react(system, 'U0GUEST', asked, 'x');
    await react(system, 'U0CAROL', asked, 'tada');
    await react(system, 'U0CAROL', asked, 'thumbsup');
    await react(system, 'U0CAROL', { channel: asked.channel, ts: reply.ts }, 'white_check_mark');
    await react(system, 'U0CAROL', { channel: asked.channel, ts: reply.ts }, 'x');
    await unreact(system, 'U0CAROL', { channel: asked.channel, ts: reply.ts }, 'white_check_mark');

    // A reaction on the bot's reply is given a while to turn out to be on a request: the clock moves past it.
    await quietMovingTime(system, clock);
    const after = await grantOf(system, asked.id);
    expect(after).toMatchObject({ state: 'pending', approvals: ['U0BOB'], version: before.version });
    expect(threadText(system, asked.channel, asked.ts)).toBe(threadBefore);
    for (const user of people)
      expect(system.slack.workspace.ephemerals(user, asked.channel), user).toEqual([]);
    expect(people.map((user) => system.slack.workspace.dmsOf(user).length)).toEqual(dmsBefore);
    expect(buttonsOf(system.slack.workspace.message(asked.channel, asked.ts))).toEqual([APPROVE, DENY]);
  });
});
