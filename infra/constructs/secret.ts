// The Slack credentials: one Secrets Manager secret holding {"botToken", "signingSecret"}. The stack
// creates it empty of real values; an operator puts them in after the first deploy (docs/deploy.md), so
// no token ever passes through the template or the Lambda environment, only the secret's ARN.

import { Validations } from 'aws-cdk-lib';
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
