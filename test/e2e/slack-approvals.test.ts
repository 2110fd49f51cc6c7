import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { QUICK_POLL } from '../support/identity-center-sim.js';
import {
  APPROVE,
  assignmentsCreated,
  buttonsOf,
  click,
  clickRefused,
  DENY,
  dmText,
  grantOf,
  holds,
  messageAt,
  PROD_ADMIN,
  PROD_READ,
  quiet,
  request,
  STAGING_ADMIN,
  sandboxConfigWith,
  shown,
  threadText,
  waitForAccess,
  waitForMessage,
  waitForState,
  waitForThread,
} from '../support/slack-flows.js';
import { type System, startSystem } from '../support/system.js';

describe('Slack: approvals', () => {
  let system: System;
  beforeAll(async () => {
    system = await startSystem({ identityCenterTuning: { adapter: QUICK_POLL } });
  });
  afterAll(async () => {
    await system.close();
  });

  it('an approval by button grants the access; the thread tells each step, the message shows the state without buttons, and the requester hears it is active', async () => {
    const created = assignmentsCreated(system);
    const asked = await request(system, 'U0ALICE', 'prod-read 1h checking the logs');
    await click(system, 'U0BOB', asked, APPROVE);

    const grant = await waitForAccess(system, asked.id, 'U0ALICE', PROD_READ);
    expect(grant.approvals).toEqual(['U0BOB']);
    const thread = await waitForThread(system, asked.channel, asked.ts, 'Access is active');
    expect(thread).toContain('<@U0BOB> approved (1 of 1): granting access');
    expect(thread).toContain('Granting access in IAM Identity Center');
    expect(thread).toContain('`ReadOnlyAccess` on account `123456789012` for <@U0ALICE> until <!date^');
    expect(thread).toContain(
      'Sign in through the AWS access portal: <https://d-9067642ac7.awsapps.com/start>',
    );

    const message = await waitForMessage(system, asked.channel, asked.ts, 'Active until');
    expect(buttonsOf(message)).toEqual([]);
    expect(shown(message)).toContain('1 of 1 needed · <@U0BOB>');

    const dm = await eventually(() => {
      const text = dmText(system, 'U0ALICE');
      return text.includes('is active until') ? text : undefined;
    });
    expect(dm).toContain(asked.id);
    expect(dm).toContain('<https://d-9067642ac7.awsapps.com/start>');
    expect(assignmentsCreated(system)).toBe(created + 1);
  });

  it('an entitlement needing two approvals stays pending after one and is granted after a second approver', async () => {
    const asked = await request(system, 'U0DAVE', 'prod-admin 1h restoring the ledger');
    await click(system, 'U0BOB', asked, APPROVE);
    await waitForThread(system, asked.channel, asked.ts, '<@U0BOB> approved (1 of 2)');
    const halfway = await waitForMessage(system, asked.channel, asked.ts, '1 of 2 needed · <@U0BOB>');
    expect(buttonsOf(halfway)).toEqual([APPROVE, DENY]);
    expect((await grantOf(system, asked.id)).state).toBe('pending');
    expect(holds(system, 'U0DAVE', PROD_ADMIN)).toBe(false);

    await click(system, 'U0CAROL', asked, APPROVE);
    const grant = await waitForAccess(system, asked.id, 'U0DAVE', PROD_ADMIN);
    expect(grant.approvals).toEqual(['U0BOB', 'U0CAROL']);
    await waitForThread(system, asked.channel, asked.ts, '<@U0CAROL> approved (2 of 2): granting access');
    expect(buttonsOf(messageAt(system, asked.channel, asked.ts))).toEqual([]);
  });

  it('a denial after one approval of two ends the request: deny wins', async () => {
    const created = assignmentsCreated(system);
    const asked = await request(system, 'U0ERIN', 'prod-admin 30m reindexing');
    await click(system, 'U0BOB', asked, APPROVE);
    await waitForThread(system, asked.channel, asked.ts, 'approved (1 of 2)');
    await click(system, 'U0CAROL', asked, DENY);

    const grant = await waitForState(system, asked.id, 'denied');
    expect(grant.deniedBy).toBe('U0CAROL');
    await waitForThread(system, asked.channel, asked.ts, '<@U0CAROL> denied the request');
    const message = await waitForMessage(system, asked.channel, asked.ts, 'Denied by <@U0CAROL>');
    expect(buttonsOf(message)).toEqual([]);
    await eventually(() => dmText(system, 'U0ERIN').includes('was denied by <@U0CAROL>'));
    await quiet(system);
    expect(holds(system, 'U0ERIN', PROD_ADMIN)).toBe(false);
    expect(assignmentsCreated(system)).toBe(created);
  });

  it('an approver who is also the requester cannot approve', async () => {
    const asked = await request(system, 'U0BOB', 'prod-read 1h looking at alarms');
    const told = await clickRefused(system, 'U0BOB', asked, APPROVE);
    expect(told).toContain('You cannot approve your own request for `prod-read`');
    await quiet(system);
    const grant = await grantOf(system, asked.id);
    expect(grant).toMatchObject({ state: 'pending', approvals: [] });
    expect(threadText(system, asked.channel, asked.ts)).toBe('');
  });

  it('an entitlement that allows selfApprove lets the requester approve their own request', async () => {
    const asked = await request(system, 'U0BOB', 'staging-admin 1h upgrading the cluster');
    await click(system, 'U0BOB', asked, APPROVE);
    const grant = await waitForAccess(system, asked.id, 'U0BOB', STAGING_ADMIN);
    expect(grant.approvals).toEqual(['U0BOB']);
  });

  it('someone who is not an approver gets an ephemeral explanation when they click, and nothing changes', async () => {
    const asked = await request(system, 'U0ALICE', 'staging-admin 1h load test');
    const before = await grantOf(system, asked.id);
    const channelBefore = system.slack.workspace.history(asked.channel).length;

    const dave = await clickRefused(system, 'U0DAVE', asked, APPROVE);
    expect(dave).toContain('You are not an approver of `staging-admin`');
    // Admins end grants; they do not decide on requests unless listed as approvers.
    const erin = await clickRefused(system, 'U0ERIN', asked, DENY);
    expect(erin).toContain('You are not an approver of `staging-admin`');

    await quiet(system);
    const after = await grantOf(system, asked.id);
    expect(after).toMatchObject({ state: 'pending', approvals: [], version: before.version });
    expect(threadText(system, asked.channel, asked.ts)).toBe('');
    expect(system.slack.workspace.history(asked.channel)).toHaveLength(channelBefore);
    expect(system.slack.workspace.ephemerals('U0ALICE', asked.channel)).toEqual([]);
  });

  it('a guest cannot approve even when listed through an approvers group', async () => {
    const asked = await request(system, 'U0ALICE', 'prod-admin 1h schema migration');
    const told = await clickRefused(system, 'U0GUEST', asked, APPROVE);
    expect(told).toContain('Guest accounts cannot approve');
    const toldDeny = await clickRefused(system, 'U0GUEST', asked, DENY);
    expect(toldDeny).toContain('Guest accounts cannot approve');
    await quiet(system);
    expect(await grantOf(system, asked.id)).toMatchObject({ state: 'pending', approvals: [] });
  });
});

describe('Slack: approvers who are bots or deactivated never count', () => {
  let system: System;
  beforeAll(async () => {
    const config = await sandboxConfigWith((doc) => {
      const prodRead = doc.entitlements.find((e) => e.id === 'prod-read');
      if (!prodRead) throw new Error('the sandbox config has no prod-read');
      prodRead.approvers = ['@sre-leads', 'U0LATCHKEY', 'U0FRANK'];
    });
    system = await startSystem({ config, identityCenterTuning: { adapter: QUICK_POLL } });
    // Frank has left: his Slack account is deactivated, but the config still lists him.
    system.slack.workspace.requireUser('U0FRANK').deleted = true;
  });
  afterAll(async () => {
    await system.close();
  });

  it('a bot listed as an approver cannot approve', async () => {
    const asked = await request(system, 'U0ALICE', 'prod-read 1h checking the logs');
    const told = await clickRefused(system, 'U0LATCHKEY', asked, APPROVE);
    expect(told).toContain('Bots cannot approve');
    await quiet(system);
    expect(await grantOf(system, asked.id)).toMatchObject({ state: 'pending', approvals: [] });
  });

  it('a deactivated person listed as an approver cannot approve', async () => {
    const asked = await request(system, 'U0DAVE', 'prod-read 1h checking the ledger');
    const told = await clickRefused(system, 'U0FRANK', asked, APPROVE);
    expect(told).toContain('Deactivated accounts cannot approve');
    await quiet(system);
    expect(await grantOf(system, asked.id)).toMatchObject({ state: 'pending', approvals: [] });
  });
});
