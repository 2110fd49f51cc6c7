// AWS Lambda (prefix `lambda`): the Invoke API is the `lambda:InvokeFunction` action on the function's
// ARN, qualified (`:<version or alias>`) when the request names a qualifier.

import type { ServiceAuthorization } from '../service.js';

export interface LambdaContext {
  region: string;
  accountId: string;
}

export const lambdaAuthorization: ServiceAuthorization<LambdaContext> = {
  prefix: 'lambda',
  actions: { Invoke: 'lambda:InvokeFunction' },
  operations: {
    Invoke: (input, c) => {
      const name = String(input.FunctionName ?? '*');
      const qualifier = typeof input.Qualifier === 'string' ? `:${input.Qualifier}` : '';
      return [`arn:aws:lambda:${c.region}:${c.accountId}:function:${name}${qualifier}`];
    },
  },
};
