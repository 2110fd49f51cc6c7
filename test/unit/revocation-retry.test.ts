import { ThrottlingException } from '@aws-sdk/client-identitystore';
import { describe, expect, it } from 'vitest';
import { asUnavailable } from '../../src/aws/transient.js';
import { IdentityCenterUnavailable } from '../../src/core/errors.js';
import { REVOCATION_MAX_RETRY_MS, revocationRetryDelayMs } from '../../src/service/attempts.js';

const throttled = (extra: Record<string, unknown> = {}) =>
  Object.assign(
    new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } }),
    extra,
  );

describe('Function: asUnavailable', () => {
  it('turns throttling and server errors into IdentityCenterUnavailable, with what AWS asked to wait', () => {
    const fromMember = asUnavailable(throttled({ RetryAfterSeconds: 3 }));
    const fromHeader = asUnavailable(throttled({ $response: { headers: { 'retry-after': '2' } } }));
    const server = asUnavailable(
      Object.assign(new Error('Internal failure'), {
        name: 'InternalServerException',
        $fault: 'server',
        $metadata: { httpStatusCode: 500 },
      }),
    );

    expect(fromMember).toBeInstanceOf(IdentityCenterUnavailable);
    expect((fromMember as IdentityCenterUnavailable).retryAfterMs).toBe(3000);
    expect((fromMember as IdentityCenterUnavailable).message).toBe('ThrottlingException: Rate exceeded');
    expect((fromHeader as IdentityCenterUnavailable).retryAfterMs).toBe(2000);
    expect(server).toBeInstanceOf(IdentityCenterUnavailable);
    expect((server as IdentityCenterUnavailable).retryAfterMs).toBeUndefined();
  });

  it('leaves errors about the request itself as they are', () => {
    const denied = Object.assign(new Error('no'), { name: 'AccessDeniedException', $fault: 'client' });
    expect(asUnavailable(denied)).toBe(denied);
  });
});

describe('Function: revocationRetryDelayMs', () => {
  it('starts within a second or two and backs off gently, never past half a minute', () => {
    const delays = [1, 2, 3, 4, 5, 6, 20].map((n) => revocationRetryDelayMs(n, new Error('boom')));

    expect(delays.slice(0, 6)).toEqual([1000, 1414, 2000, 2828, 4000, 5657]);
    expect(delays.at(-1)).toBe(REVOCATION_MAX_RETRY_MS);
  });

  it('waits as long as AWS asked when that is longer, within the same cap', () => {
    const asked = (ms: number) => new IdentityCenterUnavailable('ThrottlingException', 'slow down', ms);

    expect(revocationRetryDelayMs(1, asked(5000))).toBe(5000);
    expect(revocationRetryDelayMs(1, asked(300_000))).toBe(REVOCATION_MAX_RETRY_MS);
  });
});
