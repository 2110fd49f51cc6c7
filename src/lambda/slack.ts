// Lambda entry point behind the Function URL: Slack's slash commands, interactions and events. Slack
// signs every request and the handler verifies the signature, so the URL needs no IAM auth. The handler
// answers at once and leaves the work to the worker (see slack-front.ts).

import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { slackFront } from './runtime.js';
import type { SlackAnswer } from './slack-front.js';

export async function handler(event: LambdaFunctionURLEvent): Promise<SlackAnswer> {
  const front = await slackFront();
  return front(event);
}
