// Entitlements on several accounts, over the wire: a list of accounts, an OU read from the Organizations
// simulator (nested OU included, a suspended account left out), narrowing with `@` by id and by name, and
// all-or-nothing provisioning when Identity Center refuses one account, with standing access kept.

import {
  CreateAccountAssignmentCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Target } from '../../src/core/entitlement.js';
import { eventually } from '../support/eventually.js';
import { QUICK_POLL } from '../support/identity-center-sim.js';
import {
  APPROVE,
  click,
  formValues,
  GENERAL,
  grantOf,
  holds,
  openGrantIds,
  quiet,
  request,
  sandboxConfigWith,
  shown,
  slash,
  waitForState,
  waitForThread,
} from '../support/slack-flows.js';
import { type System, startSystem } from '../support/system.js';

const INSTANCE = 'arn:aws:sso:::instance/ssoins-72230f2bd1e7a1b1';
const readOn = (accountId: string): Target => ({
  kind: 'permissionSet',
  accountId,
  permissionSet: 'ReadOnlyAccess',
});
const BILLING = '333333333333';
const ANALYTICS = '444444444444';
const BATCH = '555555555555';
const ARCHIVE = '666666666666';
const RETIRED = '777777777777';

describe('Slack: entitlements on several accounts', () => {
  let system: System;
  beforeAll(async () => {
    const config = await sandboxConfigWith((doc) => {
      doc.entitlements.push({
        id: 'three-read',
        description: 'Read-only on three workload accounts',
        accounts: [BILLING, ANALYTICS, BATCH],
        permissionSet: 'ReadOnlyAccess',
        approvers: ['@sre-leads'],
      });
    });
    system = await startSystem({ config, identityCenterTuning: { adapter: QUICK_POLL } });
  });
  afterAll(async () => {
    await system.close();
  });

  /** Gives the person standing access outside Latchkey, as an administrator would in the console. */
  async function standingAccess(userName: string, accountId: string): Promise<void> {
    const client = new SSOAdminClient({
      endpoint: system.ic.url,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'ADMIN', secretAccessKey: 'admin' },
    });
    const out = await client.send(
      new CreateAccountAssignmentCommand({
        InstanceArn: INSTANCE,
        TargetId: accountId,
        TargetType: 'AWS_ACCOUNT',
        PermissionSetArn: system.ic.sim.permissionSetArn('ReadOnlyAccess'),
        PrincipalType: 'USER',
        PrincipalId: system.ic.sim.userId(userName),
      }),
    );
    const requestId = out.AccountAssignmentCreationStatus?.RequestId;
    await eventually(async () => {
      const status = await client.send(
        new DescribeAccountAssignmentCreationStatusCommand({
          InstanceArn: INSTANCE,
          AccountAssignmentCreationRequestId: requestId,
        }),
      );
      return status.AccountAssignmentCreationStatus?.Status === 'SUCCEEDED';
    });
  }

  it('one approval grants every account, one assignment each, and the message lists them', async () => {
    const asked = await request(system, 'U0ALICE', 'three-read 1h checking the queues');
    const message = shown(system.slack.workspace.message(asked.channel, asked.ts));
    expect(message).toContain(`\`${BILLING}\``);
    expect(message).toContain(`\`${ANALYTICS}\``);
    expect(message).toContain(`\`${BATCH}\``);

    await click(system, 'U0BOB', asked, APPROVE);

    const active = await waitForState(system, asked.id, 'active');
    expect(active.accounts).toEqual([BILLING, ANALYTICS, BATCH]);
    expect(active.aws.held?.map((h) => (h.kind === 'permissionSet' ? h.accountId : ''))).toEqual([
      BILLING,
      ANALYTICS,
      BATCH,
    ]);
    for (const account of [BILLING, ANALYTICS, BATCH])
      expect(holds(system, 'U0ALICE', readOn(account))).toBe(true);

    // The accounts' access ends together: with the first deletion answered a second late, the other two
    // are sent meanwhile rather than after it.
    system.ic.sim.injectFault({ operation: 'DeleteAccountAssignment', delayMs: 1000, times: 1 });
    await (await slash(system, 'U0ALICE', GENERAL, `revoke ${asked.id}`)).ephemeral();
    await waitForState(system, asked.id, 'revoked');
    for (const account of [BILLING, ANALYTICS, BATCH])
      expect(holds(system, 'U0ALICE', readOn(account))).toBe(false);
    const deletes = system.ic.sim.callsTo('DeleteAccountAssignment').map((c) => c.at);
    expect(deletes).toHaveLength(3);
    expect(Math.max(...deletes)).toBeLessThan(deletes[0]! + 1000);
  });

  it('the second account failing removes the first’s assignment, keeps the third’s standing access, and fails with each account’s reason', async () => {
    // Prepare: Erin already holds read-only on the third account; Identity Center will refuse the second.
    await standingAccess('erin', BATCH);
    system.ic.sim.failNextProvisioning({
      kind: 'creation',
      accountId: ANALYTICS,
      reason: 'Received a 400 status error: the permission set cannot be provisioned in this account.',
    });
    const asked = await request(system, 'U0ERIN', 'three-read 1h checking the queues');
    const deletions = () =>
      system.ic.sim.callsTo('DeleteAccountAssignment').filter((c) => c.status === 200).length;
    const deletedBefore = deletions();

    // Act
    await click(system, 'U0BOB', asked, APPROVE);

    // Assess
    const failed = await waitForState(system, asked.id, 'failed');
    expect(failed.failureReason).toContain(`account ${ANALYTICS}: Received a 400 status error`);
    expect(failed.failureReason).toContain(`account ${BILLING}: granted, removed again`);
    expect(failed.failureReason).toContain(`account ${BATCH}: already held before this grant, left in place`);
    // The thread names each account's outcome; AWS's own text stays in the audit trail and the logs.
    const thread = await waitForThread(system, asked.channel, asked.ts, 'could not be granted');
    expect(thread).toContain(`account ${ANALYTICS}: refused by Identity Center`);
    expect(thread).toContain(`account ${BILLING}: granted, removed again`);
    expect(thread).toContain(`account ${BATCH}: already held before this grant, left in place`);
    expect(thread).not.toContain('Received a 400');
    expect(holds(system, 'U0ERIN', readOn(BILLING))).toBe(false);
    expect(holds(system, 'U0ERIN', readOn(ANALYTICS))).toBe(false);
    expect(holds(system, 'U0ERIN', readOn(BATCH))).toBe(true);
    // Only the first account's assignment was removed: the third's standing access was never touched.
    expect(deletions() - deletedBefore).toBe(1);
    expect(await system.db.store.listHoldings()).toEqual([]);
  });

  it('narrows to the accounts named after @, by id and by Organizations name', async () => {
    const asked = await request(system, 'U0CAROL', `three-read@${BATCH},billing 30m OPS-12 checking`);
    const grant = await grantOf(system, asked.id);

    expect(grant.accounts).toEqual([BILLING, BATCH]);
    await click(system, 'U0BOB', asked, APPROVE);
    await waitForState(system, asked.id, 'active');
    expect(holds(system, 'U0CAROL', readOn(BILLING))).toBe(true);
    expect(holds(system, 'U0CAROL', readOn(ANALYTICS))).toBe(false);
    expect(holds(system, 'U0CAROL', readOn(BATCH))).toBe(true);
    await (await slash(system, 'U0CAROL', GENERAL, `revoke ${asked.id}`)).ephemeral();
    await waitForState(system, asked.id, 'revoked');
  });

  it('refuses an account outside the entitlement, naming the ones it covers, with nothing stored', async () => {
    const before = await openGrantIds(system);

    const answer = await (
      await slash(system, 'U0CAROL', GENERAL, 'three-read@production,billing 30m checking')
    ).ephemeral();

    expect(answer).toContain('does not cover `production`');
    expect(answer).toContain('`billing` (333333333333)');
    await quiet(system);
    expect(await openGrantIds(system)).toEqual(before);
  });

  it('an OU covers every ACTIVE account under it, nested OUs included, read when the request is made', async () => {
    const asked = await request(system, 'U0DAVE', 'workloads-read 1h OPS-3 month-end numbers');
    const grant = await grantOf(system, asked.id);

    expect(grant.accounts).toEqual([BILLING, ANALYTICS, BATCH, ARCHIVE]);
    expect(grant.accounts).not.toContain(RETIRED);
    // The simulator hands out small pages: every account is there only if every NextToken was followed.
    expect(system.orgs.sim.callsTo('ListAccountsForParent').length).toBeGreaterThan(2);
    await click(system, 'U0BOB', asked, APPROVE);
    await waitForState(system, asked.id, 'active');
    for (const account of [BILLING, ANALYTICS, BATCH, ARCHIVE])
      expect(holds(system, 'U0DAVE', readOn(account))).toBe(true);
    await (await slash(system, 'U0DAVE', GENERAL, `revoke ${asked.id}`)).ephemeral();
    await waitForState(system, asked.id, 'revoked');
    for (const account of [BILLING, ANALYTICS, BATCH, ARCHIVE])
      expect(holds(system, 'U0DAVE', readOn(account))).toBe(false);
  });

  it('an OU request with a name after @ reaches into the nested OU', async () => {
    const asked = await request(system, 'U0DAVE', 'workloads-read@batch-archive 1h OPS-4 replaying a job');

    expect((await grantOf(system, asked.id)).accounts).toEqual([ARCHIVE]);
    await (await slash(system, 'U0DAVE', GENERAL, `cancel ${asked.id}`)).ephemeral();
  });

  it('a suspended account cannot be named', async () => {
    const answer = await (
      await slash(system, 'U0DAVE', GENERAL, `workloads-read@${RETIRED} 1h OPS-5 x`)
    ).ephemeral();

    expect(answer).toContain(`does not cover \`${RETIRED}\``);
  });

  it('Organizations throttling is retried by the SDK and the request goes through', async () => {
    system.orgs.sim.failNext('ListChildren', 'TooManyRequestsException', 2);

    const asked = await request(system, 'U0ERIN', 'workloads-read 1h OPS-6 checking');

    expect((await grantOf(system, asked.id)).accounts).toHaveLength(4);
    await (await slash(system, 'U0ERIN', GENERAL, `cancel ${asked.id}`)).ephemeral();
  });

  it('the form offers each entitlement’s accounts by name, and a pick narrows the request to them', async () => {
    // Prepare
    await slash(system, 'U0CAROL', GENERAL, '');
    await eventually(() => system.slack.workspace.openView('U0CAROL'), { what: 'the request form' });

    // Act
    const suggested = await system.slack.sender.typeInExternalSelect('U0CAROL', 'accounts', 'batch');
    const submitted = await system.slack.sender.submitView('U0CAROL', {
      ...formValues({ entitlement: 'workloads-read', duration: '1h', reason: 'OPS-8 replaying a batch' }),
      'accounts.accounts': [`workloads-read:${ARCHIVE}`],
    });

    // Assess
    const offered = suggested.optionGroups.flatMap((g) => (g as { options: { value: string }[] }).options);
    expect(offered.map((o) => o.value)).toEqual(
      expect.arrayContaining([`three-read:${BATCH}`, `workloads-read:${BATCH}`, `workloads-read:${ARCHIVE}`]),
    );
    expect(JSON.stringify(offered)).toContain('batch-archive (666666666666)');
    expect(offered.map((o) => o.value)).not.toContain(`workloads-read:${RETIRED}`);
    expect(submitted.outcome).toEqual({ action: 'closed' });
    const grant = await eventually(
      async () =>
        (await system.db.store.listByState('pending')).find(
          (g) => g.requester === 'U0CAROL' && g.entitlementId === 'workloads-read',
        ),
      { what: 'the request from the form' },
    );
    expect(grant.accounts).toEqual([ARCHIVE]);
    await (await slash(system, 'U0CAROL', GENERAL, `cancel ${grant.id}`)).ephemeral();
  });

  it('the form refuses accounts picked for another entitlement, inside the form', async () => {
    await slash(system, 'U0CAROL', GENERAL, '');
    await eventually(() => system.slack.workspace.openView('U0CAROL'), { what: 'the request form' });

    const submitted = await system.slack.sender.submitView('U0CAROL', {
      ...formValues({ entitlement: 'workloads-read', duration: '1h', reason: 'OPS-8 replaying a batch' }),
      'accounts.accounts': [`three-read:${BATCH}`],
    });

    expect(submitted.outcome).toMatchObject({ action: 'errors' });
    await system.slack.sender.closeView('U0CAROL');
  });
});
