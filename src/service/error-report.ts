// What people in Slack hear about an error, and what the logs keep. AWS's own text (role ARNs, account ids,
// request details) stays in the logs; Slack gets a short sentence, an error code and a reference that finds
// the full error in the logs.

import {
  IdentityCenterUnavailable,
  LatchkeyError,
  ProvisioningFailed,
  ProvisioningPending,
} from '../core/errors.js';
import { newErrorRef } from '../core/ids.js';
import type { ServiceDeps } from './deps.js';

export interface ErrorReport {
  /** What kind of error, safe to show: a Latchkey error code or an AWS error name. */
  code: string;
  /** Found in the logs next to the full error. */
  ref: string;
  /** A short sentence for people. */
  summary: string;
}

const AWS_ERROR_NAME = /^[A-Z][A-Za-z]{2,60}(Exception|Error|Fault)$/;

export function codeOf(error: unknown): string {
  if (error instanceof LatchkeyError) return error.code;
  if (error instanceof Error && AWS_ERROR_NAME.test(error.name)) return error.name;
  return 'internal_error';
}

function summaryOf(error: unknown): string {
  if (error instanceof IdentityCenterUnavailable) return 'Identity Center is busy or failing';
  if (error instanceof ProvisioningPending) return 'Identity Center has not finished the change yet';
  if (error instanceof ProvisioningFailed) return 'Identity Center could not make the change';
  if (error instanceof Error && /AccessDenied|Unauthorized|Forbidden/.test(error.name))
    return "Identity Center refused Latchkey's request";
  return 'something went wrong while talking to Identity Center';
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
  return { code: codeOf(error), ref, summary: summaryOf(error) };
}

/** `Identity Center could not make the change (error `provisioning_failed`, ref `e-7k2m9q4x`)` */
export function sayReport(report: ErrorReport): string {
  return `${report.summary} (error \`${report.code}\`, ref \`${report.ref}\`)`;
}
