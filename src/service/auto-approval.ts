// The auto-approval step of a new request: for an entitlement approved for whoever is on call, PagerDuty is
// asked whether the requester is on call now. Yes → approved by `system`, bounded by the shift. No, or no
// clear answer in time → the request waits for its approvers, and the record says why. Never an approval
// on doubt: anything but a clear "on call now" leaves the request pending.

import type { Entitlement } from '../core/entitlement.js';
import { OnCallUnavailable } from '../core/errors.js';
import type { Transition } from '../core/lifecycle.js';
import { applyOnCall, type OnCallAnswer, readOnCall } from '../core/on-call.js';
import type { ServiceDeps } from './deps.js';

/** Takes the new request's transition and returns it approved, or with the reason it was not. */
export async function autoApproval(
  deps: ServiceDeps,
  entitlement: Entitlement,
  requested: Transition,
): Promise<Transition> {
  const schedules = entitlement.autoApprove?.pagerduty.schedules;
  if (!schedules || requested.grant.state !== 'pending') return requested;
  const startAt = requested.grant.startAt;
  const answer: OnCallAnswer =
    startAt !== undefined && startAt > deps.clock.now()
      ? {
          kind: 'not-on-call',
          why: 'a request that starts later is left to its approvers, since being on call now says nothing about then',
        }
      : await ask(deps, requested.grant.requester, schedules);
  deps.log.info(
    {
      grantId: requested.grant.id,
      onCall: answer.kind,
      ...(answer.kind === 'on-call' ? { schedule: answer.shift.scheduleId } : { why: answer.why }),
    },
    'on-call check',
  );
  return applyOnCall(requested.grant, answer, deps.clock.now());
}

async function ask(deps: ServiceDeps, requester: string, schedules: string[]): Promise<OnCallAnswer> {
  if (!deps.onCall) return { kind: 'unknown', why: 'no PagerDuty token is configured (PAGERDUTY_TOKEN)' };
  try {
    const email = await deps.directory.email(requester);
    if (!email) return { kind: 'not-on-call', why: 'Slack has no email address for the requester' };
    const lookup = await deps.onCall.lookup(email, schedules);
    // Read against the clock after the answer: a shift that ended while PagerDuty was asked does not count.
    return readOnCall(lookup, schedules, email, deps.clock.now());
  } catch (error) {
    if (error instanceof OnCallUnavailable) return { kind: 'unknown', why: error.reason };
    deps.log.error({ err: error }, 'unexpected error while asking PagerDuty');
    return { kind: 'unknown', why: 'an unexpected error' };
  }
}
