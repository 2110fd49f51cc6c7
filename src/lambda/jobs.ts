// The payload the Slack handler sends to the worker Lambda. The worker is invoked asynchronously, so the
// payload is checked on arrival: a malformed event is a bug upstream and must fail loudly, not be retried
// as if it were a passing fault.

import { LatchkeyError } from '../core/errors.js';

export type JobKind = 'provision' | 'revoke';

export interface WorkerJob {
  kind: JobKind;
  grantId: string;
}

const KINDS: readonly string[] = ['provision', 'revoke'] satisfies JobKind[];

export class InvalidJob extends LatchkeyError {
  readonly code = 'invalid_job';
  constructor(reason: string) {
    super(`not a Latchkey worker job: ${reason}`);
  }
}

export function parseJob(event: unknown): WorkerJob {
  if (typeof event !== 'object' || event === null) throw new InvalidJob('expected an object');
  const { kind, grantId } = event as Record<string, unknown>;
  if (typeof kind !== 'string' || !KINDS.includes(kind)) {
    throw new InvalidJob(`kind must be one of ${KINDS.join(', ')}`);
  }
  if (typeof grantId !== 'string' || grantId.length === 0) throw new InvalidJob('grantId is missing');
  return { kind: kind as JobKind, grantId };
}
