// The AWS Organizations adapter for a config. Organizations is a global service answered from us-east-1
// (us-gov-west-1 in GovCloud); it signs with the same credentials as Identity Center, the assumed role
// included. The endpoint is the SDK's own (AWS_ENDPOINT_URL_ORGANIZATIONS) unless a simulator is given.

import { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { AwsClients } from '../aws/clients.js';
import { AwsOrganizations } from '../aws/organizations.js';
import type { Config } from '../config/schema.js';

export function connectOrganizations(
  config: Config,
  clients: AwsClients,
  simulatorUrl?: string,
): AwsOrganizations {
  const region = config.identityCenter.region.startsWith('us-gov-') ? 'us-gov-west-1' : 'us-east-1';
  const client = new OrganizationsClient({
    region,
    maxAttempts: 5,
    credentials: clients.ssoAdmin.config.credentials,
    ...(simulatorUrl && { endpoint: simulatorUrl }),
  });
  return new AwsOrganizations(client);
}
