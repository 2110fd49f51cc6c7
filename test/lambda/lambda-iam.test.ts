// The serverless deployment under IAM as deployed: every double (Identity Center, STS, DynamoDB, Secrets
// Manager, Lambda) authorizes each call for the role that signed it, and each function signs with its own
// role holding exactly the policies the synthesized stack gives it. A permission-set grant and a group
// grant each run from the request to the revocation; an action taken out of a role surfaces as the
// AccessDenied AWS would answer.

import { afterEach, describe, expect, it } from 'vitest';
import type { Target } from '../../src/core/entitlement.js';
import type { SimMessage } from '../../src/sim/slack/index.js';
import {
  approvals,
  approveByButton,
  askProdRead,
  backdate,
  type Deployment,
  type DeployOptions,
  deployLatchkey,
  grantOf,
  threadText,
} from '../support/lambda/deployment.js';
import type { Roles } from '../support/lambda/stack.js';
import { scheduledEvent } from '../support/lambda/stack.js';
import { PROD_READ } from '../support/slack-flows.js';

const BILLING_READERS: Target = { kind: 'group', group: 'BillingReaders' };

let latchkey: Deployment | undefined;
afterEach(async () => {
  await latchkey?.close();
  latchkey = undefined;
});

async function deploy(options: DeployOptions = {}): Promise<Deployment> {
  latchkey = await deployLatchkey(options);
  return latchkey;
}

async function askBillingRead(d: Deployment, user: string, reason: string): Promise<SimMessage> {
  const before = approvals(d).length;
  const asked = await d.stack.slack.sender.runSlashCommand(user, 'C0GENERAL', `billing-read 1h ${reason}`);
  expect(asked.delivery.status).toBe(200);
  const posted = approvals(d).slice(before);
  expect(posted).toHaveLength(1);
  return posted[0] as SimMessage;
}

/** Takes `action` out of every statement of `role`'s policies. */
const without =
  (role: keyof Roles, action: string) =>
  (roles: Roles): void => {
    for (const policy of roles[role].policies) {
      for (const statement of policy.Statement as { Action: string | string[] }[]) {
        const actions = [statement.Action].flat().filter((a) => a !== action);
        statement.Action = actions.length > 0 ? actions : 'none:Nothing';
      }
    }
  };

describe('Latchkey on Lambda under the roles the stack deploys', () => {
  it('grants and revokes a permission set, each function signing as its own role', async () => {
    const d = await deploy();
    const { request } = await askProdRead(d, 'U0ALICE', 'reading the payment logs');
    await approveByButton(d, 'U0BOB', request);
    const active = await grantOf(d, request);
    expect(active.state).toBe('active');
    expect(d.stack.ic.sim.holds('alice@example.com', PROD_READ)).toBe(true);

    await backdate(d, active, 'expiresAt');
    await d.sweeper(scheduledEvent());

    expect(await grantOf(d, request)).toMatchObject({ state: 'revoked', endReason: 'expired' });
    expect(d.stack.ic.sim.holds('alice@example.com', PROD_READ)).toBe(false);
    expect(d.stack.iam?.denied).toEqual([]);
  }, 120_000);

  it('grants and revokes a group membership', async () => {
    const d = await deploy();
    const request = await askBillingRead(d, 'U0ALICE', 'closing the quarter');
    await approveByButton(d, 'U0DAVE', request);
    const active = await grantOf(d, request);
    expect(active.state).toBe('active');
    expect(d.stack.ic.sim.holds('alice@example.com', BILLING_READERS)).toBe(true);

    await backdate(d, active, 'expiresAt');
    await d.sweeper(scheduledEvent());

    expect(d.stack.iam?.denied).toEqual([]);
    expect(await grantOf(d, request)).toMatchObject({ state: 'revoked', endReason: 'expired' });
    expect(d.stack.ic.sim.holds('alice@example.com', BILLING_READERS)).toBe(false);
    expect(threadText(d, request)).toContain('Access revoked');
  }, 120_000);

  it('fails the grant with AWS’s AccessDenied when the worker may not create assignments', async () => {
    const d = await deploy({ iam: { edit: without('Worker', 'sso:CreateAccountAssignment') } });
    const { request } = await askProdRead(d, 'U0ALICE', 'checking a failed deploy');
    await approveByButton(d, 'U0BOB', request);

    expect(d.stack.ic.sim.holds('alice@example.com', PROD_READ)).toBe(false);
    expect(d.stack.iam?.denied).toContainEqual(
      expect.objectContaining({
        action: 'sso:CreateAccountAssignment',
        principal: expect.stringMatching(/assumed-role\/Latchkey-WorkerRole\//),
        decision: 'implicit-deny',
      }),
    );
    const grant = await grantOf(d, request);
    expect(grant.state).not.toBe('active');
    expect(JSON.stringify(grant.events)).toMatch(/not authorized to perform: sso:CreateAccountAssignment/);
  }, 120_000);
});
