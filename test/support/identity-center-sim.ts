// Starts the Identity Center simulator and the real adapter wired to it over HTTP, with waits short
// enough for tests.

import { type AwsClients, createAwsClients, type RetryStrategy } from '../../src/aws/clients.js';
import { AwsIdentityCenter, type AwsIdentityCenterOptions } from '../../src/aws/identity-center.js';
import {
  type IdentityCenterSeed,
  type RunningSim,
  type StartOptions,
  startIdentityCenterSim,
} from '../../src/sim/identity-center/index.js';

export const TEST_CREDENTIALS = { accessKeyId: 'AKIDLATCHKEYTEST', secretAccessKey: 'latchkey-test-secret' };
export const PRODUCTION = '123456789012';
export const STAGING = '210987654321';

export interface IdentityCenterUnderTest extends RunningSim {
  clients: AwsClients;
  identityCenter: AwsIdentityCenter;
  /** Another adapter on the same clients, with other options. */
  adapter(options?: Partial<AwsIdentityCenterOptions>): AwsIdentityCenter;
}

export async function startIdentityCenter(
  options: {
    sim?: StartOptions;
    adapter?: Partial<AwsIdentityCenterOptions>;
    /** How the SDK clients retry (the SDK's standard retries by default). */
    retryStrategy?: () => RetryStrategy;
  } = {},
): Promise<IdentityCenterUnderTest> {
  const running = await startIdentityCenterSim({ provisioningMs: 30, ...options.sim });
  const clients = simClients(running.url, options.retryStrategy && { retryStrategy: options.retryStrategy });
  const adapter = (extra: Partial<AwsIdentityCenterOptions> = {}) =>
    new AwsIdentityCenter({
      ssoAdmin: clients.ssoAdmin,
      identityStore: clients.identityStore,
      instanceArn: running.sim.instanceArn,
      identityStoreId: running.sim.identityStoreId,
      poll: { firstMs: 20, maxMs: 100, deadlineMs: 5000 },
      conflictRetry: { baseMs: 5, maxMs: 50 },
      ...options.adapter,
      ...extra,
    });
  return { ...running, clients, identityCenter: adapter(), adapter };
}

export function simClients(
  url: string,
  extra: { roleArn?: string; maxAttempts?: number; retryStrategy?: () => RetryStrategy } = {},
): AwsClients {
  return createAwsClients({ region: 'us-east-1', endpoint: url, credentials: TEST_CREDENTIALS, ...extra });
}

/** An organisation of `n` users (`user0`…) on the sandbox instance, for load tests. */
export function organisationOf(n: number): IdentityCenterSeed {
  return {
    instanceArn: 'arn:aws:sso:::instance/ssoins-72230f2bd1e7a1b1',
    identityStoreId: 'd-9067642ac7',
    accountId: '111111111111',
    accounts: [
      { id: PRODUCTION, name: 'production' },
      { id: STAGING, name: 'staging' },
    ],
    users: Array.from({ length: n }, (_, i) => ({
      userName: `user${i}`,
      email: `user${i}@example.com`,
      displayName: `User ${i}`,
    })),
    groups: [{ displayName: 'Responders' }],
    permissionSets: [{ name: 'ReadOnlyAccess', sessionDuration: 'PT1H' }],
  };
}

/**
 * The adapter's look at a change timed for the simulator's 30 ms of provisioning instead of AWS's second:
 * for tests whose subject is not how long a change takes.
 */
export const QUICK_POLL = { poll: { firstMs: 30, maxMs: 100 } };
