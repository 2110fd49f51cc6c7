import { ListUsersCommand } from '@aws-sdk/client-identitystore';
import { ListInstancesCommand } from '@aws-sdk/client-sso-admin';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAwsClients, defaultSessionName } from '../../src/aws/clients.js';
import { type RunningSim, startIdentityCenterSim } from '../../src/sim/identity-center/index.js';
import { TEST_CREDENTIALS } from '../support/identity-center-sim.js';
import { sdkRetriesOn } from '../support/sdk-retries.js';

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
  const roleClients = (sessionDurationSec?: number) =>
    createAwsClients({
      region: 'eu-west-1',
      endpoint: running.url,
      credentials: TEST_CREDENTIALS,
      roleArn: ROLE,
      sessionName: 'latchkey-a',
      ...(sessionDurationSec !== undefined && { sessionDurationSec }),
    });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('are kept while fresh and renewed shortly before they expire', async () => {
    // Only the date moves: the simulator and the SDK both read it, and real timers keep HTTP going.
    vi.useFakeTimers({ toFake: ['Date'] });
    const clients = roleClients(900);
    const whoAmI = async () => (await clients.sts.send(new GetCallerIdentityCommand({}))).Arn;
    expect(await whoAmI()).toBe('arn:aws:sts::111111111111:assumed-role/latchkey-identity-center/latchkey-a');
    expect(running.sim.sts.assumed).toHaveLength(1);

    vi.setSystemTime(Date.now() + 9 * 60_000); // six minutes left of fifteen: still fresh
    await whoAmI();
    expect(running.sim.sts.assumed).toHaveLength(1);

    vi.setSystemTime(Date.now() + 2 * 60_000); // four minutes left: renewed, in the same session name
    expect(await whoAmI()).toBe('arn:aws:sts::111111111111:assumed-role/latchkey-identity-center/latchkey-a');
    expect(running.sim.sts.assumed).toHaveLength(2);
    expect(running.sim.sts.assumed.map((a) => a.sessionName)).toEqual(['latchkey-a', 'latchkey-a']);
  });

  it('are fetched once for all three clients when they need them at the same moment', async () => {
    const clients = roleClients();
    await Promise.all([
      clients.sts.send(new GetCallerIdentityCommand({})),
      clients.ssoAdmin.send(new ListInstancesCommand({})),
      clients.identityStore.send(new ListUsersCommand({ IdentityStoreId: running.sim.identityStoreId })),
      clients.ssoAdmin.send(new ListInstancesCommand({})),
    ]);
    expect(running.sim.sts.assumed).toHaveLength(1);
  });
});

it('names the session latchkey-<host>, within what STS accepts', () => {
  expect(defaultSessionName('bot-1.internal')).toBe('latchkey-bot-1.internal');
  expect(defaultSessionName('a host/with:odd chars')).toBe('latchkey-a-host-with-odd-chars');
  expect(defaultSessionName('x'.repeat(100))).toHaveLength(64);
});

describe('how the clients retry', () => {
  it('given a retry strategy, each client has one of its own from the factory and retries a throttled call with it', async () => {
    // Prepare
    const slept: number[] = [];
    const built: unknown[] = [];
    const retries = sdkRetriesOn(async (ms) => {
      slept.push(ms);
    });
    const clients = createAwsClients({
      region: 'eu-west-1',
      endpoint: running.url,
      credentials: TEST_CREDENTIALS,
      retryStrategy: () => {
        const strategy = retries();
        built.push(strategy);
        return strategy;
      },
    });
    running.sim.injectFault({ operation: 'ListInstances', error: 'ThrottlingException', times: 2 });
    // Act
    const instances = await clients.ssoAdmin.send(new ListInstancesCommand({}));
    // Assess
    expect(instances.Instances).toHaveLength(1);
    expect(slept).toHaveLength(2);
    const used = await Promise.all(
      [clients.ssoAdmin, clients.identityStore, clients.sts].map((c) => c.config.retryStrategy()),
    );
    expect(new Set(used).size).toBe(3);
    for (const strategy of used) expect(built).toContain(strategy);
  });

  it('without one, each retries as the SDK does by default, with five attempts', async () => {
    const clients = createAwsClients({
      region: 'eu-west-1',
      endpoint: running.url,
      credentials: TEST_CREDENTIALS,
    });
    expect(await clients.ssoAdmin.config.maxAttempts()).toBe(5);
    expect(await clients.ssoAdmin.config.retryStrategy()).toMatchObject({ mode: 'standard' });
  });
});
