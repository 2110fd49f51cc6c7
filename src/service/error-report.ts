// What the logs keep of an error, and what may be said of it in Slack. AWS's own text (role ARNs, account
// ids, request details) stays in the logs; Slack gets the error's code and a reference that finds the full
// error in the logs, and words it (src/slack/error-text.ts).

import { LatchkeyError } from '../core/errors.js';
import type { FailureReport } from '../core/grant.js';
import { newErrorRef } from '../core/ids.js';
import type { ServiceDeps } from './deps.js';

/** What kind of error, safe to show (a Latchkey error code or an AWS error name), and its reference. */
export type ErrorReport = FailureReport;

const AWS_ERROR_NAME = /^[A-Z][A-Za-z]{2,60}(Exception|Error|Fault)$/;

export function codeOf(error: unknown): string {
  if (error instanceof LatchkeyError) return error.code;
  if (error instanceof Error && AWS_ERROR_NAME.test(error.name)) return error.name;
  return 'internal_error';
}

/** Logs the whole error under a new reference, and answers what may be said about it in Slack. */
export function reportError(
  deps: Pick<ServiceDeps, 'log' | 'random'>,
  error: unknown,
  context: Record<string, unknown>,
  level: 'warn' | 'error',
  message: string,
): ErrorReport {
  const ref = newErrorRef(deps.random);
  deps.log[level]({ ...context, errorRef: ref, err: error }, message);
  return { code: codeOf(error), ref };
}
