// Which SDK errors mean "Identity Center is busy or failing, try again soon" — throttling and server
// errors — and how long AWS asked to wait, read from the error's `RetryAfterSeconds` member (identitystore)
// or a Retry-After header. The rest of Latchkey sees `IdentityCenterUnavailable`, never an SDK error.

import { IdentityCenterUnavailable } from '../core/errors.js';
import { isThrottling } from './throttling.js';

interface SdkError {
  name?: string;
  message?: string;
  $fault?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: { throttling?: boolean };
  $response?: { headers?: Record<string, string | undefined> };
  RetryAfterSeconds?: number;
}

/** The error as `IdentityCenterUnavailable` when it is throttling or a server error; otherwise as it was. */
export function asUnavailable(error: unknown): unknown {
  if (typeof error !== 'object' || error === null || error instanceof IdentityCenterUnavailable) return error;
  const e = error as SdkError;
  const name = e.name ?? 'Error';
  const status = e.$metadata?.httpStatusCode ?? 0;
  const throttled = isThrottling(error) || e.$retryable?.throttling === true;
  if (!throttled && e.$fault !== 'server' && status < 500) return error;
  return new IdentityCenterUnavailable(name, e.message ?? 'no message', retryAfterMs(e), { cause: error });
}

function retryAfterMs(e: SdkError): number | undefined {
  if (typeof e.RetryAfterSeconds === 'number' && e.RetryAfterSeconds >= 0) return e.RetryAfterSeconds * 1000;
  const header = e.$response?.headers?.['retry-after'] ?? e.$response?.headers?.['Retry-After'];
  if (header === undefined) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
