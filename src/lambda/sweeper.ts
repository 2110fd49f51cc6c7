// Lambda entry point run by EventBridge every minute: expiries, approval deadlines and retries. It runs
// one at a time (reserved concurrency 1) so that it stays inside Identity Center's request quotas.

import type { ScheduledEvent } from 'aws-lambda';
import { lambdaApp } from './worker-runtime.js';

export async function handler(_event: ScheduledEvent): Promise<void> {
  const app = await lambdaApp();
  await app.sweep();
}
