// AWS STS (prefix `sts`): AssumeRole is authorized against the role; GetCallerIdentity needs no
// permission at all.

import { type ServiceAuthorization, str } from '../service.js';

export const stsAuthorization: ServiceAuthorization = {
  prefix: 'sts',
  operations: {
    AssumeRole: (input) => [str(input, 'RoleArn')],
    GetCallerIdentity: () => ['*'],
  },
};
