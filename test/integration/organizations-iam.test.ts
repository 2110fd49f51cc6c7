// The Organizations simulator with IAM enforced: listing under a parent is authorized against that root
// or OU's ARN and DescribeAccount against the account's, both carrying the organization id and the
// management account, as the Service Authorization Reference defines them.

import {
  DescribeAccountCommand,
  ListAccountsForParentCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { afterEach, describe, expect, it } from 'vitest';
import { Iam } from '../../src/sim/iam/index.js';
import { type RunningOrganizationsSim, startOrganizationsSim } from '../../src/sim/organizations/index.js';
import { SAMPLE_ORG } from '../../src/sim/sandbox.js';

let running: RunningOrganizationsSim | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

const client = (url: string, accessKeyId: string) =>
  new OrganizationsClient({
    region: 'us-east-1',
    endpoint: url,
    credentials: { accessKeyId, secretAccessKey: 'secret' },
    maxAttempts: 1,
  });

describe('the Organizations simulator enforcing IAM', () => {
  it('allows a parent the policy names and refuses another, and an account it does not name', async () => {
    const iam = new Iam();
    iam.bind('AKIDWORKLOADS', {
      arn: 'arn:aws:iam::111111111111:user/workloads-reader',
      policies: [
        {
          Statement: {
            Effect: 'Allow',
            Action: ['organizations:ListAccountsForParent', 'organizations:DescribeAccount'],
            Resource: [
              'arn:aws:organizations::111111111111:ou/o-l8k2sandbox/ou-l8k2-workload',
              'arn:aws:organizations::111111111111:account/o-l8k2sandbox/33333333333?',
            ],
          },
        },
      ],
    });
    running = await startOrganizationsSim({ orgFile: SAMPLE_ORG, iam });
    const orgs = client(running.url, 'AKIDWORKLOADS');

    const listed = await orgs.send(new ListAccountsForParentCommand({ ParentId: 'ou-l8k2-workload' }));
    expect(listed.Accounts?.length).toBeGreaterThan(0);
    await expect(
      orgs.send(new ListAccountsForParentCommand({ ParentId: 'ou-l8k2-batchjob' })),
    ).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining(
        'organizations:ListAccountsForParent on resource: arn:aws:organizations::111111111111:ou/o-l8k2sandbox/ou-l8k2-batchjob',
      ),
    });
    expect((await orgs.send(new DescribeAccountCommand({ AccountId: '333333333333' }))).Account?.Id).toBe(
      '333333333333',
    );
    await expect(orgs.send(new DescribeAccountCommand({ AccountId: '444444444444' }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
  });

  it('refuses a key nobody issued', async () => {
    running = await startOrganizationsSim({ orgFile: SAMPLE_ORG, iam: new Iam() });
    await expect(
      client(running.url, 'AKIDNOBODY').send(new ListAccountsForParentCommand({ ParentId: 'r-l8k2' })),
    ).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
  });
});
