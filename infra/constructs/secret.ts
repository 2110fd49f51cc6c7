// The Slack credentials: one Secrets Manager secret holding {"botToken", "signingSecret"}. The stack
// creates it empty of real values; an operator puts them in after the first deploy (docs/deploy.md), so
// no token ever passes through the template or the Lambda environment, only the secret's ARN.

import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';

export function slackSecret(scope: Construct, id = 'SlackCredentials'): secretsmanager.Secret {
  const secret = new secretsmanager.Secret(scope, id, {
    description: 'Latchkey Slack app credentials: a JSON object with the keys botToken and signingSecret',
  });
  Validations.of(secret).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason:
      'Slack issues the bot token and the signing secret; Secrets Manager cannot rotate them. They are ' +
      'rotated in the Slack app settings and put here with put-secret-value.',
  });
  return secret;
}

/**
 * Lets a function read the secret's value: GetSecretValue, which is all the functions call, on this secret
 * only (`grantRead` would add DescribeSecret, which nothing calls). The secret is encrypted with the AWS
 * managed key, so no KMS permission is needed.
 */
export function grantSecretValue(secret: secretsmanager.ISecret, role: iam.IRole): void {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'ReadSlackCredentials',
      actions: ['secretsmanager:GetSecretValue'],
      resources: [secret.secretArn],
    }),
  );
}
