// The Identity Center simulator with IAM enforced, over the wire with the real SDK clients: each call is
// authorized for the key that signed it against the resources AWS authorizes it on, denials come back in
// each protocol's shape, AssumeRole hands out credentials that carry the role's policies, and an
// assignment on the management account needs the IAM actions Identity Center takes there as its caller.

import { DescribeGroupMembershipCommand, IdentitystoreClient } from '@aws-sdk/client-identitystore';
import {
  CreateAccountAssignmentCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  ListInstancesCommand,
  SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it } from 'vitest';
import { identityCenterRolePolicy } from '../../infra/constructs/identity-center.js';
import { parseConfig } from '../../src/config/load.js';
import { Iam } from '../../src/sim/iam/index.js';
import { type RunningSim, startIdentityCenterSim } from '../../src/sim/identity-center/index.js';
import { SAMPLE_ORG } from '../../src/sim/sandbox.js';

const MANAGEMENT = '111111111111';
const INSTANCE = 'arn:aws:sso:::instance/ssoins-72230f2bd1e7a1b1';
const ROLE = `arn:aws:iam::${MANAGEMENT}:role/latchkey`;

let running: RunningSim | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function start(iam: Iam): Promise<RunningSim> {
  running = await startIdentityCenterSim({ orgFile: SAMPLE_ORG, provisioningMs: 10, iam });
  return running;
}

const as = (accessKeyId: string) => ({
  region: 'eu-west-1',
  endpoint: running?.url ?? '',
  credentials: { accessKeyId, secretAccessKey: 'secret' },
  maxAttempts: 1,
});

const configText = (extra: string) => `
identityCenter:
  region: eu-west-1
  instanceArn: ${INSTANCE}
  identityStoreId: d-9067642ac7
  roleArn: ${ROLE}
${extra}
slack:
  approvalChannel: C0APPROVALS
entitlements:
  - id: root-read
    description: Read-only on the management account
    account: "${MANAGEMENT}"
    permissionSet: ReadOnlyAccess
    approvers: ["@sre-leads"]
`;

describe('the Identity Center simulator enforcing IAM', () => {
  it('refuses a key nobody issued, as AWS refuses an unknown security token', async () => {
    await start(new Iam());
    const sso = new SSOAdminClient(as('AKIDNOBODYISSUED'));
    await expect(sso.send(new ListInstancesCommand({}))).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
    });
  });

  it('answers AccessDeniedException naming the caller, the action and the resource', async () => {
    const iam = new Iam();
    iam.bind('AKIDREADER', {
      arn: `arn:aws:iam::${MANAGEMENT}:user/reader`,
      policies: [{ Statement: { Effect: 'Allow', Action: 'sso:ListInstances', Resource: '*' } }],
    });
    const sim = await start(iam);
    const sso = new SSOAdminClient(as('AKIDREADER'));
    expect((await sso.send(new ListInstancesCommand({}))).Instances).toHaveLength(1);

    const store = new IdentitystoreClient(as('AKIDREADER'));
    const error = await store
      .send(
        new DescribeGroupMembershipCommand({
          IdentityStoreId: sim.sim.identityStoreId,
          MembershipId: '9067642ac7-00000000-0000-0000-0000-000000000001',
        }),
      )
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 403 },
      message: expect.stringMatching(
        /^User: arn:aws:iam::111111111111:user\/reader is not authorized to perform: identitystore:DescribeGroupMembership on resource: arn:aws:identitystore::111111111111:identitystore\/d-9067642ac7 because no identity-based policy allows/,
      ),
    });
  });

  it('binds AssumeRole’s credentials to the role, and refuses a role it does not know', async () => {
    const iam = new Iam();
    iam.defineRole(ROLE, [{ Statement: { Effect: 'Allow', Action: 'sso:ListInstances', Resource: '*' } }]);
    iam.bind('AKIDHOST', {
      arn: `arn:aws:iam::${MANAGEMENT}:user/host`,
      policies: [{ Statement: { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ROLE } }],
    });
    await start(iam);
    const sts = new STSClient(as('AKIDHOST'));
    const assumed = await sts.send(
      new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'latchkey-test' }),
    );
    const key = assumed.Credentials?.AccessKeyId ?? '';
    const me = await new STSClient(as(key)).send(new GetCallerIdentityCommand({}));
    expect(me.Arn).toBe(`arn:aws:sts::${MANAGEMENT}:assumed-role/latchkey/latchkey-test`);
    expect((await new SSOAdminClient(as(key)).send(new ListInstancesCommand({}))).Instances).toHaveLength(1);
    // The host itself may only assume the role.
    await expect(new SSOAdminClient(as('AKIDHOST')).send(new ListInstancesCommand({}))).rejects.toMatchObject(
      {
        name: 'AccessDeniedException',
      },
    );
    await expect(
      sts.send(
        new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${MANAGEMENT}:role/other`, RoleSessionName: 'x1' }),
      ),
    ).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
  });

  it('needs the management-account IAM actions to assign access on the management account', async () => {
    const assign = async (extra: string) => {
      const iam = new Iam();
      const config = parseConfig(configText(extra));
      iam.bind('AKIDROLE', {
        arn: `arn:aws:sts::${MANAGEMENT}:assumed-role/latchkey/test`,
        policies: [identityCenterRolePolicy(config, MANAGEMENT)],
      });
      const sim = await start(iam);
      const input = {
        InstanceArn: INSTANCE,
        TargetId: MANAGEMENT,
        TargetType: 'AWS_ACCOUNT' as const,
        PermissionSetArn: sim.sim.permissionSetArn('ReadOnlyAccess'),
        PrincipalType: 'USER' as const,
        PrincipalId: sim.sim.userId('alice') ?? '',
      };
      const sso = new SSOAdminClient(as('AKIDROLE'));
      try {
        const created = await sso.send(new CreateAccountAssignmentCommand(input));
        const requestId = created.AccountAssignmentCreationStatus?.RequestId ?? '';
        await new Promise((resolve) => setTimeout(resolve, 50));
        const status = await sso.send(
          new DescribeAccountAssignmentCreationStatusCommand({
            InstanceArn: INSTANCE,
            AccountAssignmentCreationRequestId: requestId,
          }),
        );
        return status.AccountAssignmentCreationStatus?.Status;
      } catch (error) {
        return (error as Error).message;
      } finally {
        await running?.close();
        running = undefined;
      }
    };

    expect(await assign('')).toMatch(
      /not authorized to perform: iam:GetRole on resource: arn:aws:iam::111111111111:role\/aws-reserved\/sso.amazonaws.com\/AWSReservedSSO_ReadOnlyAccess_/,
    );
    expect(await assign(`  managementAccount: "${MANAGEMENT}"`)).toBe('SUCCEEDED');
  });
});
