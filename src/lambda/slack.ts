// Lambda entry point behind the Function URL: Slack's slash commands, interactions and events. Slack
// signs every request and Bolt's AwsLambdaReceiver verifies the signature, so the URL needs no IAM auth.

import type { Context, LambdaFunctionURLEvent } from 'aws-lambda';
import type { SlackLambdaResponse } from './app.js';
import { lambdaApp } from './runtime.js';

export async function handler(event: LambdaFunctionURLEvent, context: Context): Promise<SlackLambdaResponse> {
  const app = await lambdaApp();
  return app.slackHandler(event, context);
}
