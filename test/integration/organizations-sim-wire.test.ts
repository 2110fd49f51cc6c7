// The Organizations simulator as the real SDK client sees it over HTTP: the shapes, paging and errors of the
// service model, so the adapter tested against it behaves the same against AWS.

import {
  AccountNotFoundException,
  DescribeAccountCommand,
  DescribeOrganizationCommand,
  InvalidInputException,
  ListAccountsForParentCommand,
  ListChildrenCommand,
  ListRootsCommand,
  OrganizationsClient,
  ParentNotFoundException,
  TooManyRequestsException,
} from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsOrganizations } from '../../src/aws/organizations.js';
import { type RunningOrganizationsSim, startOrganizationsSim } from '../../src/sim/organizations/index.js';
import { SAMPLE_ORG } from '../../src/sim/sandbox.js';

describe('Organizations simulator: the wire protocol', () => {
  let orgs: RunningOrganizationsSim;
  let client: OrganizationsClient;
  beforeAll(async () => {
    orgs = await startOrganizationsSim({ orgFile: SAMPLE_ORG });
    client = new OrganizationsClient({
      endpoint: orgs.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
  });
  afterAll(async () => {
    client.destroy();
    await orgs.close();
  });

  it('describes the organization and lists its root', async () => {
    const org = await client.send(new DescribeOrganizationCommand({}));
    const roots = await client.send(new ListRootsCommand({}));

    expect(org.Organization).toMatchObject({
      Id: 'o-l8k2sandbox',
      MasterAccountId: '111111111111',
      FeatureSet: 'ALL',
    });
    expect(roots.Roots).toEqual([expect.objectContaining({ Id: 'r-l8k2', Name: 'Root' })]);
  });

  it('lists children a page at a time, each NextToken good only for its own listing', async () => {
    const first = await client.send(
      new ListChildrenCommand({ ParentId: 'r-l8k2', ChildType: 'ACCOUNT', MaxResults: 20 }),
    );
    expect(first.Children).toHaveLength(2);
    expect(first.NextToken).toBeDefined();
    const second = await client.send(
      new ListChildrenCommand({ ParentId: 'r-l8k2', ChildType: 'ACCOUNT', NextToken: first.NextToken }),
    );
    expect(second.Children?.every((c) => c.Type === 'ACCOUNT')).toBe(true);

    await expect(
      client.send(new ListAccountsForParentCommand({ ParentId: 'r-l8k2', NextToken: first.NextToken })),
    ).rejects.toBeInstanceOf(InvalidInputException);
  });

  it('answers accounts with their status and a JoinedTimestamp the SDK reads as a date', async () => {
    const page = await client.send(
      new ListAccountsForParentCommand({ ParentId: 'ou-l8k2-batchjob', MaxResults: 20 }),
    );
    const next = await client.send(
      new ListAccountsForParentCommand({ ParentId: 'ou-l8k2-batchjob', NextToken: page.NextToken }),
    );
    const accounts = [...(page.Accounts ?? []), ...(next.Accounts ?? [])];

    expect(accounts.map((a) => [a.Id, a.Name, a.Status])).toEqual([
      ['555555555555', 'batch-jobs', 'ACTIVE'],
      ['666666666666', 'batch-archive', 'ACTIVE'],
      ['777777777777', 'retired-etl', 'SUSPENDED'],
    ]);
    expect(accounts[0]?.JoinedTimestamp).toBeInstanceOf(Date);
  });

  it.each([
    [{ ParentId: 'ou-l8k2-nosuchou', ChildType: 'ACCOUNT' as const }, ParentNotFoundException],
    [{ ParentId: 'not-an-id', ChildType: 'ACCOUNT' as const }, InvalidInputException],
    [{ ParentId: 'r-l8k2', ChildType: 'ACCOUNT' as const, MaxResults: 21 }, InvalidInputException],
  ])('refuses %j as the service does', async (input, error) => {
    await expect(client.send(new ListChildrenCommand(input))).rejects.toBeInstanceOf(error);
  });

  it('says AccountNotFoundException for an account it does not have', async () => {
    await expect(
      client.send(new DescribeAccountCommand({ AccountId: '999999999999' })),
    ).rejects.toBeInstanceOf(AccountNotFoundException);
  });

  it('answers planted throttling as TooManyRequestsException, which the SDK retries', async () => {
    orgs.sim.failNext('DescribeAccount', 'TooManyRequestsException', 1);
    await expect(
      client.send(new DescribeAccountCommand({ AccountId: '333333333333' })),
    ).rejects.toBeInstanceOf(TooManyRequestsException);

    orgs.sim.failNext('DescribeAccount', 'TooManyRequestsException', 1);
    const retrying = new OrganizationsClient({
      endpoint: orgs.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' },
      maxAttempts: 3,
    });
    const out = await retrying.send(new DescribeAccountCommand({ AccountId: '333333333333' }));
    expect(out.Account?.Name).toBe('billing');
  });

  it('refuses a request that is not signed', async () => {
    const response = await fetch(orgs.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSOrganizationsV20161128.ListRoots',
      },
      body: '{}',
    });

    expect(response.status).toBe(400);
    expect(((await response.json()) as { __type: string }).__type).toBe(
      'MissingAuthenticationTokenException',
    );
  });

  it('the adapter walks nested OUs through every page', async () => {
    const accounts = await new AwsOrganizations(client).accountsUnder('ou-l8k2-workload');

    expect(accounts.map((a) => a.id).sort()).toEqual([
      '333333333333',
      '444444444444',
      '555555555555',
      '666666666666',
      '777777777777',
    ]);
  });

  it('the adapter follows NextToken past an empty page, as the service documents it may send', async () => {
    const emptyFirst = await startOrganizationsSim({ orgFile: SAMPLE_ORG, emptyFirstPage: true });
    const emptyClient = new OrganizationsClient({
      endpoint: emptyFirst.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    try {
      const first = await emptyClient.send(
        new ListChildrenCommand({ ParentId: 'r-l8k2', ChildType: 'ACCOUNT' }),
      );
      expect(first.Children).toEqual([]);
      expect(first.NextToken).toBeDefined();

      const accounts = await new AwsOrganizations(emptyClient).accountsUnder('ou-l8k2-workload');

      expect(accounts).toHaveLength(5);
    } finally {
      emptyClient.destroy();
      await emptyFirst.close();
    }
  });
});
