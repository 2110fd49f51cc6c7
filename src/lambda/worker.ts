// Lambda entry point for slow work, invoked asynchronously by the Slack handler: provisioning and
// revoking one grant. A thrown error makes Lambda retry, then send the event to the dead-letter queue.

import { parseJob } from './jobs.js';
import { lambdaApp } from './worker-runtime.js';

export async function handler(event: unknown): Promise<void> {
  const job = parseJob(event);
  const app = await lambdaApp();
  await app.runJob(job);
}
