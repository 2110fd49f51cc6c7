// The activity digest end to end: Alice's grant is approved in Slack, used (CloudTrail events land in the
// simulated event data store during its window, others outside it, from other people, accounts and
// permission sets), and ends; `activity.delay` later the sweeper queries CloudTrail Lake over its wire
// protocol and the digest in the request's thread holds exactly Alice's events of the grant. A query that
// fails is retried and said to be late, never dropped; `/access activity` answers the people concerned only.

import { afterEach, describe, expect, it } from 'vitest';
import type { Grant } from '../../src/core/grant.js';
import { auditRecords } from '../../src/service/audit-export.js';
import {
  DEFAULT_EVENT_DATA_STORE,
  type SimEventInput,
  ssoSessionEvent,
} from '../../src/sim/cloudtrail/index.js';
import { eventually } from '../support/eventually.js';
import {
  APPROVE,
  click,
  GENERAL,
  PROD_READ,
  request,
  sandboxConfigWith,
  slash,
  threadText,
  waitForAccess,
  waitForState,
  waitForThread,
} from '../support/slack-flows.js';
import { type System, startSystem } from '../support/system.js';

const PROD = '123456789012';
const STAGING = '210987654321';
const DIGEST = 'What <@U0ALICE> did with';

const config = (delay: string) =>
  sandboxConfigWith((doc) => {
    doc.defaults = { ...(doc.defaults as object), minDuration: '1s' };
    doc.activity = { eventDataStore: DEFAULT_EVENT_DATA_STORE, delay };
  });

/** Alice's read-only grant on production, approved by Bob and active. */
async function aliceUsesProdRead(
  system: System,
  duration = '2s',
): Promise<{ grant: Grant; ts: string; channel: string }> {
  const posted = await request(system, 'U0ALICE', `prod-read ${duration} checking the logs`);
  await click(system, 'U0BOB', posted, APPROVE);
  const grant = await waitForAccess(system, posted.id, 'U0ALICE', PROD_READ);
  return { grant, ts: posted.ts, channel: posted.channel };
}

const alice = (
  at: number,
  source: string,
  name: string,
  more: Partial<Parameters<typeof ssoSessionEvent>[0]> = {},
) =>
  ssoSessionEvent({
    account: PROD,
    permissionSet: 'ReadOnlyAccess',
    userName: 'alice',
    at,
    source,
    name,
    readOnly: true,
    ...more,
  });

/** Alice's four calls in the window, and seven that are not hers, not of this grant or not in its window. */
function seed(system: System, activatedAt: number, endsBy: number): void {
  const inWindow: SimEventInput[] = [
    alice(activatedAt + 100, 'signin.amazonaws.com', 'ConsoleLogin', { readOnly: false }),
    alice(activatedAt + 200, 'ec2.amazonaws.com', 'DescribeInstances'),
    alice(activatedAt + 300, 's3.amazonaws.com', 'PutObject', { readOnly: false }),
    alice(activatedAt + 400, 'iam.amazonaws.com', 'CreateUser', {
      readOnly: false,
      errorCode: 'AccessDenied',
    }),
  ];
  const others: SimEventInput[] = [
    alice(activatedAt - 60_000, 's3.amazonaws.com', 'DeleteBucketBefore', { readOnly: false }),
    alice(endsBy + 3_600_000, 's3.amazonaws.com', 'DeleteBucketAfter', { readOnly: false }),
    alice(activatedAt + 250, 'ec2.amazonaws.com', 'TerminateInstancesAsBob', {
      userName: 'bob',
      readOnly: false,
    }),
    alice(activatedAt + 250, 'ec2.amazonaws.com', 'RunInstancesOnStaging', {
      account: STAGING,
      readOnly: false,
    }),
    alice(activatedAt + 250, 'iam.amazonaws.com', 'AttachRolePolicyAsAdmin', {
      permissionSet: 'AdministratorAccess',
      readOnly: false,
    }),
    alice(activatedAt + 250, 'sts.amazonaws.com', 'GetCallerIdentityAsAlice2', { userName: 'alice2' }),
    {
      eventTime: activatedAt + 250,
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateAccessKeyAsIamUserAlice',
      readOnly: false,
      recipientAccountId: PROD,
      userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::${PROD}:user/alice`, accountId: PROD },
    },
  ];
  system.ct?.sim.addEvents([...inWindow, ...others]);
}

describe('Activity digest: what the person did, in the request’s thread', () => {
  let system: System | undefined;
  afterEach(async () => {
    await system?.close();
    system = undefined;
  });

  it('posts exactly the person’s events of the grant’s window, once, and records it in the audit trail', async () => {
    system = await startSystem({ config: await config('1s') });
    const { grant, ts, channel } = await aliceUsesProdRead(system);
    seed(system, grant.activatedAt!, grant.expiresAt!);

    const revoked = await waitForState(system, grant.id, 'revoked');
    expect(revoked.activity).toMatchObject({ status: 'due', dueAt: revoked.endedAt! + 1000 });
    const thread = await waitForThread(system, channel, ts, DIGEST);

    const digest = thread.slice(thread.indexOf(DIGEST));
    expect(digest).toContain('*4 events*: ec2 1, iam 1, s3 1, signin 1');
    expect(digest).toContain('*Changes* (2):');
    expect(digest).toContain('`s3:PutObject`');
    expect(digest).toMatch(
      /\*Denied calls\* \(1\):\n• [\d:]+ `iam:CreateUser` on 123456789012 \(AccessDenied\)/,
    );
    expect(digest).toMatch(/\*Console sign-ins\* \(1\):\n• [\d:]+ `signin:ConsoleLogin`/);
    for (const foreign of ['Before', 'After', 'AsBob', 'OnStaging', 'AsAdmin', 'Alice2', 'IamUser'])
      expect(digest).not.toContain(foreign);

    const done = await eventually(async () => {
      const g = await system!.db.store.get(grant.id);
      return g?.activity?.status === 'posted' ? g : undefined;
    });
    expect(system.ct?.sim.queriesRun()).toHaveLength(1);
    const records = await auditRecords(system.db.store, {
      since: 0,
      until: Date.now() + 1000,
      grantId: grant.id,
    });
    const activity = records.filter((r) => r.action === 'activity');
    expect(activity).toHaveLength(1);
    expect(activity[0]).toMatchObject({ actor: 'system', from: 'revoked', to: 'revoked' });
    expect(activity[0]?.detail).toContain('4 events (ec2 1, iam 1, s3 1, signin 1)');

    // Later passes find nothing due: the digest is posted once.
    await system.latchkey.scheduler.poke();
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(threadText(system, channel, ts).split(DIGEST)).toHaveLength(2);
    expect(system.ct?.sim.queriesRun()).toHaveLength(1);
    expect(done.activity?.postedTs).toBeTruthy();
  }, 60_000);

  it('says when the query failed, retries it with backoff and then posts the digest', async () => {
    let offset = 0;
    system = await startSystem({ config: await config('1s'), clock: { now: () => Date.now() + offset } });
    system.ct?.sim.failQueries({ status: 'FAILED', message: 'Query exceeded the limit of scanned data.' });
    const { grant, ts, channel } = await aliceUsesProdRead(system);
    seed(system, grant.activatedAt!, grant.expiresAt!);

    const late = await waitForThread(system, channel, ts, 'could not be made yet');
    // CloudTrail's own text stays in the logs: the thread has the kind of trouble, its code and reference.
    expect(late).toMatch(/the CloudTrail Lake query failed \(error `activity_query_failed`, ref `e-\w+`/);
    expect(late).not.toContain('scanned data');
    expect(late).not.toContain(DIGEST);
    const failed = await system.db.store.get(grant.id);
    expect(failed?.activity).toMatchObject({ status: 'due', attempts: 1 });
    // The next attempt starts a new query rather than reading the failed one again.
    expect(failed?.activity?.queryId).toBeUndefined();
    expect(failed?.activity?.nextAttemptAt).toBeGreaterThanOrEqual(Date.now() + offset + 20_000);

    // The backoff's 30 seconds pass.
    offset += 31_000;
    system.latchkey.scheduler.poke();
    const thread = await waitForThread(system, channel, ts, DIGEST);
    expect(thread.slice(thread.indexOf(DIGEST))).toContain('*4 events*');
    expect(system.ct?.sim.queriesRun().map((q) => q.status)).toEqual(['FAILED', 'FINISHED']);
  }, 60_000);

  it('answers /access activity to the holder, an approver and an admin, and refuses a bystander', async () => {
    system = await startSystem({ config: await config('1h') });
    const { grant } = await aliceUsesProdRead(system, '1h');
    seed(system, grant.activatedAt!, grant.expiresAt!);
    // The seeded calls are within the first half second; "so far" must have reached them.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, grant.activatedAt! + 600 - Date.now())));

    const bystander = await (await slash(system, 'U0DAVE', GENERAL, `activity ${grant.id}`)).ephemeral();
    expect(bystander).toContain(`Only the holder of ${grant.id}, one of its approvers or an admin`);
    expect(system.ct?.sim.queriesRun()).toHaveLength(0);

    for (const who of ['U0ALICE', 'U0BOB', 'U0ERIN']) {
      const answer = await (await slash(system, who, GENERAL, `activity ${grant.id}`)).ephemeral();
      expect(answer).toContain(DIGEST);
      expect(answer).toContain('*4 events*');
      expect(answer).toContain('this is so far');
    }
    expect(system.ct?.sim.queriesRun()).toHaveLength(3);
  }, 60_000);
});
