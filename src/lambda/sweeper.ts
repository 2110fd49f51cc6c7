// Lambda entry point run by EventBridge every minute: expiries, approval deadlines and retries. A run
// sweeps at once, then at each due moment until the next run has begun (see sweep-window.ts), so that a
// revocation starts within moments of its end rather than at the next minute.

import type { Context, ScheduledEvent } from 'aws-lambda';
import { lambdaApp } from './worker-runtime.js';

export async function handler(
  _event: ScheduledEvent,
  context: Pick<Context, 'getRemainingTimeInMillis'>,
): Promise<void> {
  const app = await lambdaApp();
  await app.sweep({ remainingMs: context.getRemainingTimeInMillis() });
}
