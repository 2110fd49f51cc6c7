// The Identity Center adapter for a config: real AWS through the SDK's own settings, or the sandbox's
// simulator (one loopback endpoint, throwaway credentials).

import { type AwsClients, createAwsClients } from '../aws/clients.js';
import { AwsIdentityCenter } from '../aws/identity-center.js';
import type { Config } from '../config/schema.js';

export interface IdentityCenterParts {
  clients: AwsClients;
  identityCenter: AwsIdentityCenter;
}

export function connectIdentityCenter(config: Config, simulatorUrl?: string): IdentityCenterParts {
  const ic = config.identityCenter;
  const clients = createAwsClients({
    region: ic.region,
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
  });
  return { clients, identityCenter };
}
