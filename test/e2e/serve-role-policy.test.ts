// `latchkey serve` with identityCenter.roleArn, under IAM as AWS enforces it: the host's credentials may
// only assume the role, and the role holds exactly what `infra/role-policy.ts` prints for the config.
// A permission-set grant and a group grant are each made and revoked; without one action the revocation
// is refused as AWS would refuse it, and the grant stays `revoking`.

import { afterEach, describe, expect, it } from 'vitest';
import { identityCenterRolePolicy } from '../../infra/constructs/identity-center.js';
import { parseConfig } from '../../src/config/load.js';
import type { Target } from '../../src/core/entitlement.js';
import { QUICK_POLL } from '../support/identity-center-sim.js';
import {
  APPROVE,
  click,
  GENERAL,
  holds,
  PROD_READ,
  request,
  sandboxConfigWith,
  slash,
  waitForAccess,
  waitForState,
  waitForThread,
} from '../support/slack-flows.js';
import { type System, startSystem } from '../support/system.js';

const ROLE = 'arn:aws:iam::111111111111:role/latchkey-identity-center';
const BILLING_READERS: Target = { kind: 'group', group: 'BillingReaders' };

let system: System | undefined;
afterEach(async () => {
  await system?.close();
  system = undefined;
});

async function serveAssumingRole(
  edit: (policy: { Statement: { Action: string | string[] }[] }) => void = () => {},
) {
  const text = await sandboxConfigWith((doc) => {
    (doc.identityCenter as Record<string, unknown>).roleArn = ROLE;
  });
  const rolePolicy = identityCenterRolePolicy(parseConfig(text), '111111111111') as {
    Statement: { Action: string | string[] }[];
  };
  edit(rolePolicy);
  system = await startSystem({
    config: text,
    assumeRole: { rolePolicy },
    identityCenterTuning: { adapter: QUICK_POLL },
  });
  return system;
}

async function grantAndRevoke(s: System, user: string, ask: string, approver: string, target: Target) {
  const asked = await request(s, user, ask);
  await click(s, approver, asked, APPROVE);
  await waitForAccess(s, asked.id, user, target);
  await slash(s, user, GENERAL, `revoke ${asked.id}`);
  return asked;
}

describe('latchkey serve assuming identityCenter.roleArn', () => {
  it('grants and revokes a permission set and a group membership with only the printed policy', async () => {
    const s = await serveAssumingRole();

    const read = await grantAndRevoke(s, 'U0ALICE', 'prod-read 1h reading the logs', 'U0BOB', PROD_READ);
    await waitForState(s, read.id, 'revoked');
    expect(holds(s, 'U0ALICE', PROD_READ)).toBe(false);

    const billing = await grantAndRevoke(
      s,
      'U0ALICE',
      'billing-read 1h closing the quarter',
      'U0DAVE',
      BILLING_READERS,
    );
    await waitForState(s, billing.id, 'revoked');
    expect(holds(s, 'U0ALICE', BILLING_READERS)).toBe(false);

    expect(s.iam?.denied).toEqual([]);
    expect(s.ic.sim.sts.assumed.map((a) => a.roleArn)).toContain(ROLE);
  });

  it('grants and revokes on every account of an OU, reading AWS Organizations as the role', async () => {
    const s = await serveAssumingRole();
    const workload: Target = {
      kind: 'permissionSet',
      accountId: '333333333333',
      permissionSet: 'ReadOnlyAccess',
    };
    const batch: Target = { ...workload, accountId: '555555555555' };

    const asked = await request(s, 'U0ALICE', 'workloads-read 1h OPS-7 checking the batch jobs');
    await click(s, 'U0BOB', asked, APPROVE);
    await waitForState(s, asked.id, 'active');
    expect(holds(s, 'U0ALICE', workload)).toBe(true);
    expect(holds(s, 'U0ALICE', batch)).toBe(true);
    await slash(s, 'U0ALICE', GENERAL, `revoke ${asked.id}`);
    await waitForState(s, asked.id, 'revoked');
    expect(holds(s, 'U0ALICE', workload)).toBe(false);

    expect(s.orgs.sim.callsTo('ListAccountsForParent').length).toBeGreaterThan(0);
    expect(s.iam?.denied).toEqual([]);
  });

  it('keeps a group grant revoking, and says why, when the role may not confirm the membership', async () => {
    const s = await serveAssumingRole((policy) => {
      for (const statement of policy.Statement) {
        statement.Action = [statement.Action]
          .flat()
          .filter((a) => a !== 'identitystore:DescribeGroupMembership');
      }
    });
    const billing = await grantAndRevoke(
      s,
      'U0ALICE',
      'billing-read 1h closing the quarter',
      'U0DAVE',
      BILLING_READERS,
    );

    // The thread says why in a sentence and a code; AWS's own text, with its ARNs, stays in the audit trail.
    await waitForThread(
      s,
      billing.channel,
      billing.ts,
      "Identity Center refused Latchkey's request (error `AccessDeniedException`",
    );
    const stuck = await s.db.store.get(billing.id);
    expect(stuck?.state).toBe('revoking');
    expect(stuck?.events.map((e) => e.detail ?? '').join('\n')).toContain(
      'not authorized to perform: identitystore:DescribeGroupMembership',
    );
    expect(holds(s, 'U0ALICE', BILLING_READERS)).toBe(true);
    expect(s.iam?.denied.map((d) => d.action)).toContain('identitystore:DescribeGroupMembership');
  });
});
