// AWS CloudTrail (prefix `cloudtrail`): the Lake query APIs are authorized against the event data store
// the query runs on (resource type `eventdatastore`). For StartQuery that is the store named in the SQL's
// FROM, for DescribeQuery and GetQueryResults the store of the query id; the simulator knows both and
// passes the store's ARN as context.

import type { ServiceAuthorization } from '../service.js';

export interface CloudTrailContext {
  eventDataStoreArn: string;
}

export const cloudTrailAuthorization: ServiceAuthorization<CloudTrailContext> = {
  prefix: 'cloudtrail',
  operations: {
    StartQuery: (_input, c) => [c.eventDataStoreArn],
    DescribeQuery: (_input, c) => [c.eventDataStoreArn],
    GetQueryResults: (_input, c) => [c.eventDataStoreArn],
  },
};
