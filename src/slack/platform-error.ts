// What Slack's Web API said when it answered `ok: false`, read off the SDK's error.

import { ErrorCode } from '@slack/web-api';

/** Slack's `error` code when the Web API answered `ok: false`; undefined for any other failure. */
export function platformError(error: unknown): string | undefined {
  if (!(error instanceof Error) || (error as { code?: string }).code !== ErrorCode.PlatformError)
    return undefined;
  return (error as { data?: { error?: string } }).data?.error ?? 'unknown';
}
