// The CloudTrail Lake side of the activity digest for a config: the SDK's own settings (credential chain,
// AWS_ENDPOINT_URL_CLOUDTRAIL) or the sandbox's simulator. Queries run as Latchkey itself, not as the
// Identity Center role of `identityCenter.roleArn`: the stack grants the query actions to its own roles.

import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudTrailActivitySource } from '../aws/cloudtrail.js';
import type { Config } from '../config/schema.js';
import type { ActivitySource } from '../core/activity-ports.js';

/** The event data store's region, from its ARN; Identity Center's region for a bare id. */
export function eventDataStoreRegion(config: Config): string {
  const arn = config.activity?.eventDataStore.match(/^arn:[^:]+:cloudtrail:([^:]+):/);
  return arn?.[1] ?? config.identityCenter.region;
}

export function cloudTrailSource(
  config: Config,
  options: { endpoint?: string; waitMs?: number; pollMs?: number } = {},
): ActivitySource | undefined {
  if (!config.activity) return undefined;
  const region = eventDataStoreRegion(config);
  const client = new CloudTrailClient({
    region,
    maxAttempts: 5,
    ...(options.endpoint && {
      endpoint: options.endpoint,
      credentials: { accessKeyId: 'SANDBOX', secretAccessKey: 'sandbox' },
    }),
  });
  return new CloudTrailActivitySource({
    client,
    ...(options.waitMs !== undefined && { waitMs: options.waitMs }),
    ...(options.pollMs !== undefined && { pollMs: options.pollMs }),
  });
}
