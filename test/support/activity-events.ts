// CloudTrail events as the activity digest reads them, for tests of the digest and of its wording.

import type { ActivityEvent } from '../../src/core/activity-digest.js';
import { T0 } from './grants.js';

/** A read-only call unless `more` says otherwise. */
export const event = (
  at: number,
  source: string,
  name: string,
  more: Partial<ActivityEvent> = {},
): ActivityEvent => ({
  at,
  source,
  name,
  readOnly: true,
  ...more,
});

/** A sign-in, a change, a denied change, a refused read and three reads, out of order. */
export const SESSION = [
  event(T0 + 3, 's3.amazonaws.com', 'PutObject', { readOnly: false }),
  event(T0 + 1, 'signin.amazonaws.com', 'ConsoleLogin', { readOnly: false }),
  event(T0 + 2, 'ec2.amazonaws.com', 'DescribeInstances'),
  event(T0 + 4, 'ec2.amazonaws.com', 'RunInstances', {
    readOnly: false,
    errorCode: 'Client.UnauthorizedOperation',
    account: '111111111111',
  }),
  event(T0 + 5, 's3.amazonaws.com', 'GetObject', { errorCode: 'NoSuchKey' }),
  event(T0 + 6, 'ec2.amazonaws.com', 'DescribeVpcs'),
];
