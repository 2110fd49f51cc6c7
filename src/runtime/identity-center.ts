// The Identity Center adapter for a config: real AWS through the SDK's own settings, or the sandbox's
// simulator (one loopback endpoint, throwaway credentials).

import { type AwsClientOptions, type AwsClients, createAwsClients } from '../aws/clients.js';
import { AwsIdentityCenter, type AwsIdentityCenterOptions } from '../aws/identity-center.js';
import type { Config } from '../config/schema.js';

export interface IdentityCenterParts {
  clients: AwsClients;
  identityCenter: AwsIdentityCenter;
}

/** What a caller may set beyond the config: the adapter's timing and how the SDK clients retry. */
export interface IdentityCenterTuning {
  adapter?: Pick<
    AwsIdentityCenterOptions,
    'clock' | 'sleep' | 'random' | 'limits' | 'poll' | 'conflictRetry' | 'cacheTtlMs'
  >;
  retryStrategy?: AwsClientOptions['retryStrategy'];
}

export function connectIdentityCenter(
  config: Config,
  simulatorUrl?: string,
  tuning: IdentityCenterTuning = {},
): IdentityCenterParts {
  const ic = config.identityCenter;
  const clients = createAwsClients({
    region: ic.region,
    ...(tuning.retryStrategy !== undefined && { retryStrategy: tuning.retryStrategy }),
    ...(ic.roleArn && !simulatorUrl && { roleArn: ic.roleArn }),
    ...(simulatorUrl && {
      endpoint: simulatorUrl,
      credentials: { accessKeyId: 'SANDBOX', secretAccessKey: 'sandbox' },
    }),
  });
  const identityCenter = new AwsIdentityCenter({
    ssoAdmin: clients.ssoAdmin,
    identityStore: clients.identityStore,
    instanceArn: ic.instanceArn,
    identityStoreId: ic.identityStoreId,
    userMatch: ic.userMatch,
    ...tuning.adapter,
  });
  return { clients, identityCenter };
}
