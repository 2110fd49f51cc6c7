import { ListInstancesCommand } from '@aws-sdk/client-sso-admin';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assumeRoleCredentials, createAwsClients, defaultSessionName } from '../../src/aws/clients.js';
import { type RunningSim, startIdentityCenterSim } from '../../src/sim/identity-center/index.js';
import { TEST_CREDENTIALS } from '../support/identity-center-sim.js';

const ROLE = 'arn:aws:iam::111111111111:role/latchkey-identity-center';
let running: RunningSim;

beforeEach(async () => {
  running = await startIdentityCenterSim();
});
afterEach(async () => {
  await running.close();
});

describe('clients acting through an assumed role', () => {
  it('call Identity Center as the role, in a session named for Latchkey and its host', async () => {
    // Prepare
    const clients = createAwsClients({
      region: 'eu-west-1',
      endpoint: running.url,
      credentials: TEST_CREDENTIALS,
      roleArn: ROLE,
      sessionName: 'latchkey-test-host',
    });
    // Act
    const me = await clients.sts.send(new GetCallerIdentityCommand({}));
    const instances = await clients.ssoAdmin.send(new ListInstancesCommand({}));
    // Assess
    expect(me.Arn).toBe('arn:aws:sts::111111111111:assumed-role/latchkey-identity-center/latchkey-test-host');
    expect(instances.Instances?.[0]?.InstanceArn).toBe(running.sim.instanceArn);
    expect(running.sim.sts.assumed).toMatchObject([{ roleArn: ROLE, sessionName: 'latchkey-test-host' }]);
  });

  it('find the endpoint through the SDK’s own AWS_ENDPOINT_URL_* variables', async () => {
    const names = ['AWS_ENDPOINT_URL_SSO_ADMIN', 'AWS_ENDPOINT_URL_IDENTITYSTORE', 'AWS_ENDPOINT_URL_STS'];
    const saved = names.map((name) => process.env[name]);
    for (const name of names) process.env[name] = running.url;
    try {
      const clients = createAwsClients({ region: 'eu-west-1', credentials: TEST_CREDENTIALS, roleArn: ROLE });
      const instances = await clients.ssoAdmin.send(new ListInstancesCommand({}));
      expect(instances.Instances?.[0]?.InstanceArn).toBe(running.sim.instanceArn);
      expect(running.sim.callsTo('AssumeRole')).toHaveLength(1);
    } finally {
      names.forEach((name, i) => {
        if (saved[i] === undefined) delete process.env[name];
        else process.env[name] = saved[i];
      });
    }
  });

  it('without a role, call as the credentials given', async () => {
    const clients = createAwsClients({
      region: 'eu-west-1',
      endpoint: running.url,
      credentials: TEST_CREDENTIALS,
    });
    const me = await clients.sts.send(new GetCallerIdentityCommand({}));
    expect(me.Arn).toBe('arn:aws:iam::111111111111:user/latchkey');
    expect(running.sim.sts.assumed).toEqual([]);
  });

  it('surface a refused AssumeRole on the first call that needs credentials', async () => {
    running.sim.injectFault({ operation: 'AssumeRole', error: 'AccessDeniedException', times: 10 });
    const clients = createAwsClients({
      region: 'eu-west-1',
      endpoint: running.url,
      credentials: TEST_CREDENTIALS,
      roleArn: ROLE,
      maxAttempts: 1,
    });
    await expect(clients.ssoAdmin.send(new ListInstancesCommand({}))).rejects.toMatchObject({
      name: 'AccessDenied',
    });
  });
});

describe('assumed-role credentials', () => {
  const sts = () =>
    new STSClient({ region: 'eu-west-1', endpoint: running.url, credentials: TEST_CREDENTIALS });

  it('are kept while fresh and renewed shortly before they expire', async () => {
    let offset = 0;
    const provider = assumeRoleCredentials({
      sts: sts(),
      roleArn: ROLE,
      sessionName: 'latchkey-a',
      durationSec: 900,
      refreshBeforeMs: 5 * 60_000,
      clock: { now: () => Date.now() + offset },
    });
    const first = await provider();
    expect(await provider()).toBe(first);
    expect(running.sim.sts.assumed).toHaveLength(1);

    offset = 9 * 60_000; // six minutes left of fifteen: still fresh
    expect(await provider()).toBe(first);
    offset = 11 * 60_000; // four minutes left: renewed
    const second = await provider();
    expect(second.accessKeyId).not.toBe(first.accessKeyId);
    expect(running.sim.sts.assumed).toHaveLength(2);
  });

  it('are fetched once when many calls need them at the same moment', async () => {
    const provider = assumeRoleCredentials({ sts: sts(), roleArn: ROLE, sessionName: 'latchkey-b' });
    const all = await Promise.all([provider(), provider(), provider()]);
    expect(new Set(all.map((c) => c.accessKeyId)).size).toBe(1);
    expect(running.sim.sts.assumed).toHaveLength(1);
  });
});

it('names the session latchkey-<host>, within what STS accepts', () => {
  expect(defaultSessionName('bot-1.internal')).toBe('latchkey-bot-1.internal');
  expect(defaultSessionName('a host/with:odd chars')).toBe('latchkey-a-host-with-odd-chars');
  expect(defaultSessionName('x'.repeat(100))).toHaveLength(64);
});
