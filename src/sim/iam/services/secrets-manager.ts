// AWS Secrets Manager (prefix `secretsmanager`): GetSecretValue is authorized against the secret's full
// ARN (with its six-character suffix), whether the request names it by ARN or by name.

import { type ServiceAuthorization, str } from '../service.js';

export interface SecretsContext {
  /** The full ARN of the secret a SecretId (name, partial or full ARN) names, if it exists. */
  arnOf(secretId: string): string | undefined;
  region: string;
  accountId: string;
}

export const secretsManagerAuthorization: ServiceAuthorization<SecretsContext> = {
  prefix: 'secretsmanager',
  operations: {
    GetSecretValue: (input, c) => {
      const id = str(input, 'SecretId');
      return [
        c.arnOf(id) ??
          (id.startsWith('arn:') ? id : `arn:aws:secretsmanager:${c.region}:${c.accountId}:secret:${id}`),
      ];
    },
  },
};
