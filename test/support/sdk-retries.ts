// The AWS SDK's standard retries with their backoff slept on a test's clock: the same number of attempts,
// the same errors retried and the same retry quota (the SDK's own strategy decides all three), and waits
// drawn as the SDK draws them — a random share of 1 s after a throttle, of 50 ms after another transient
// error, doubling with each retry, at most 20 s — but taken with `sleep`, so a test that moves its clock
// on does not sit them out.

import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import type { RetryStrategy } from '../../src/aws/clients.js';

type Token = Parameters<ConfiguredRetryStrategy['recordSuccess']>[0];
type ErrorInfo = Parameters<ConfiguredRetryStrategy['refreshRetryTokenForRetry']>[1];

export function sdkRetriesOn(sleep: (ms: number) => Promise<void>, maxAttempts = 5): () => RetryStrategy {
  return () => {
    // Deciding only: its own wait is none.
    const standard = new ConfiguredRetryStrategy(maxAttempts, 0);
    return {
      acquireInitialRetryToken: (scope: string) => standard.acquireInitialRetryToken(scope),
      async refreshRetryTokenForRetry(token: Token, info: ErrorInfo) {
        const next = await standard.refreshRetryTokenForRetry(token, info);
        const base = info.errorType === 'THROTTLING' ? 1000 : 50;
        await sleep(Math.floor(Math.random() * Math.min(base * 2 ** token.getRetryCount(), 20_000)));
        return next;
      },
      recordSuccess: (token: Token) => standard.recordSuccess(token),
    };
  };
}
