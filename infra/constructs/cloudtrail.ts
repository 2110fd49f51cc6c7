// What the activity digest may do in CloudTrail Lake, per the Service Authorization Reference ("AWS
// CloudTrail", prefix cloudtrail): StartQuery and GetQueryResults, which it polls until the query finishes
// and then pages through, each on the `eventdatastore` resource type,
// arn:${Partition}:cloudtrail:${Region}:${Account}:eventdatastore/${Id}. Only the configured event data
// store, and only for the functions that query it: the sweeper (the digest after a grant ends) and the
// worker (`/access activity`, which the Slack handler queues on it). The queries run with the functions'
// own role, not the Identity Center role of `identityCenter.roleArn`.

import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Config } from '../../src/config/schema.js';
import { eventDataStoreId } from '../../src/core/activity-query.js';

export const ACTIVITY_ACTIONS = ['cloudtrail:StartQuery', 'cloudtrail:GetQueryResults'];

/** The event data store's ARN: as configured, or built from a bare id in this stack's account. */
export function eventDataStoreArn(config: Config): string | undefined {
  const configured = config.activity?.eventDataStore;
  if (configured === undefined) return undefined;
  if (configured.startsWith('arn:')) return configured;
  const id = eventDataStoreId(configured);
  return `arn:${Aws.PARTITION}:cloudtrail:${config.identityCenter.region}:${Aws.ACCOUNT_ID}:eventdatastore/${id}`;
}

export function grantActivityQueries(props: { role: iam.IRole; config: Config }): void {
  const resource = eventDataStoreArn(props.config);
  if (resource === undefined) return;
  props.role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'ActivityDigestQueries',
      actions: ACTIVITY_ACTIONS,
      resources: [resource],
    }),
  );
}
