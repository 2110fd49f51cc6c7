// The payloads the Slack handler sends to the worker Lambda: provisioning or revoking one grant, or the
// rest of a Slack request's listener after the handler acknowledged it. The worker is invoked
// asynchronously, so the payload is checked on arrival: a malformed event is a bug upstream and must fail
// loudly, not be retried as if it were a passing fault.

import { z } from 'zod';
import { LatchkeyError } from '../core/errors.js';

export type GrantJobKind = 'provision' | 'revoke';
/** Kept for callers that only dispatch grant work. */
export type JobKind = GrantJobKind;

export interface GrantJob {
  kind: GrantJobKind;
  grantId: string;
}

/**
 * A Slack request the handler verified and acknowledged: the worker runs its listener, the same code
 * `serve` runs after its own acknowledgement. `key` names the delivery (the event id, else the trigger id),
 * so that a delivery Slack or Lambda hands over twice is acted on once.
 */
export interface SlackJob {
  kind: 'slack';
  key: string;
  body: Record<string, unknown>;
  retryNum?: number;
  retryReason?: string;
}

export type WorkerJob = GrantJob | SlackJob;

export class InvalidJob extends LatchkeyError {
  readonly code = 'invalid_job';
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`not a Latchkey worker job: ${reason}`, options);
  }
}

const jobSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.enum(['provision', 'revoke']), grantId: z.string().min(1) }),
  z.object({
    kind: z.literal('slack'),
    key: z.string().min(1),
    body: z.record(z.string(), z.unknown()),
    retryNum: z.number().int().min(0).optional(),
    retryReason: z.string().optional(),
  }),
]);

export function parseJob(event: unknown): WorkerJob {
  if (typeof event !== 'object' || event === null) throw new InvalidJob('expected an object');
  const parsed = jobSchema.safeParse(event);
  if (!parsed.success) {
    const kind = (event as { kind?: unknown }).kind;
    if (!['provision', 'revoke', 'slack'].includes(String(kind)))
      throw new InvalidJob('kind must be one of provision, revoke, slack');
    const issue = parsed.error.issues[0];
    throw new InvalidJob(`${issue?.path.join('.') || 'job'}: ${issue?.message ?? 'invalid'}`, {
      cause: parsed.error,
    });
  }
  return parsed.data as WorkerJob;
}
