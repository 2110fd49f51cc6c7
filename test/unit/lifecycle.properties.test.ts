// Whatever happens to a request, in whatever order and whoever does it, the lifecycle keeps its promises.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Entitlement } from '../../src/core/entitlement.js';
import { IllegalTransition, LatchkeyError, NotAllowedToCancel, NotApprover } from '../../src/core/errors.js';
import { type Actor, FINAL_STATES, type Grant, type GrantState, SYSTEM } from '../../src/core/grant.js';
import {
  activate,
  approve,
  beginProvisioning,
  beginRevocation,
  cancel,
  completeRevocation,
  deny,
  fail,
  lapse,
  recordFailedAttempt,
  request,
  type Transition,
  withdrawApproval,
} from '../../src/core/lifecycle.js';
import type { PersonFacts } from '../../src/core/policy.js';
import { entitlement } from '../support/entitlements.js';
import { expectUnbrokenTrail, GRANT, REQUESTER, statesFromEvents, T0 } from '../support/grants.js';

const PEOPLE = [REQUESTER, 'U0LEAD1', 'U0LEAD2', 'U0LEAD3', 'U0BOB'] as const;
const ACTIONS = [
  'approve',
  'withdraw',
  'deny',
  'cancel',
  'lapse',
  'provision',
  'activate',
  'fail',
  'retry',
  'revoke',
  'complete',
] as const;
type Action = (typeof ACTIONS)[number];

interface Step {
  action: Action;
  /** A person, or the system (for revocations). */
  who: Actor;
  facts: Omit<PersonFacts, 'userId'>;
  /** How long after the previous step this one happens, in milliseconds. */
  after: number;
}

/** True with the given chance (in tenths), so that most people are in good standing and requests move on. */
const likely = (tenths: number) => fc.integer({ min: 0, max: 9 }).map((n) => n < tenths);

const stepArb: fc.Arbitrary<Step> = fc.record({
  // Every action can come at any time; the ones that move a grant forward come a little more often.
  action: fc.oneof(
    { arbitrary: fc.constantFrom<Action>(...ACTIONS), weight: 6 },
    {
      arbitrary: fc.constantFrom<Action>('approve', 'approve', 'provision', 'activate', 'revoke', 'complete'),
      weight: 5,
    },
  ),
  who: fc.oneof(
    { arbitrary: fc.constantFrom<Actor>(...PEOPLE), weight: 5 },
    { arbitrary: fc.constant(SYSTEM), weight: 1 },
  ),
  facts: fc.record({
    isApprover: likely(8),
    isAdmin: likely(2),
    isBot: likely(1),
    isGuest: likely(1),
    isDeactivated: likely(1),
  }),
  after: fc.oneof(
    { arbitrary: fc.constant(0), weight: 2 },
    { arbitrary: fc.integer({ min: 1, max: 5 * 60_000 }), weight: 12 },
    { arbitrary: fc.integer({ min: 1, max: 3 * 3_600_000 }), weight: 1 },
  ),
});

const entitlementArb: fc.Arbitrary<Entitlement> = fc
  .record({
    approvals: fc.integer({ min: 0, max: 3 }),
    selfApprove: fc.boolean(),
    approvalWindowSec: fc.integer({ min: 60, max: 4 * 3600 }),
  })
  .map((rules) => entitlement({ ...rules, approvers: ['U0LEAD1', 'U0LEAD2', 'U0LEAD3', REQUESTER] }));

const durationArb = fc.integer({ min: 300, max: 4 * 3600 });

function eligible(ent: Entitlement, requester: string, person: PersonFacts): boolean {
  if (person.isBot || person.isGuest || person.isDeactivated || !person.isApprover) return false;
  return person.userId !== requester || ent.selfApprove;
}

/** What Slack says about the step's actor: only someone on the entitlement's list can be an approver. */
function factsOf(ent: Entitlement, step: Step): PersonFacts {
  return {
    ...step.facts,
    userId: step.who,
    isApprover: step.facts.isApprover && ent.approvers.includes(step.who),
  };
}

/** Carries out one step against the lifecycle, as the service would. */
function apply(grant: Grant, ent: Entitlement, step: Step, now: number): Transition {
  const person = factsOf(ent, step);
  switch (step.action) {
    case 'approve':
      return approve(grant, ent, person, now);
    case 'withdraw':
      return withdrawApproval(grant, step.who, now);
    case 'deny':
      return deny(grant, ent, person, now);
    case 'cancel':
      return cancel(grant, step.who, now);
    case 'lapse':
      return lapse(grant, now);
    case 'provision':
      return beginProvisioning(grant, now);
    case 'activate':
      return activate(grant, now, 'aws-activate');
    case 'fail':
      return fail(grant, 'AWS said no', now, 'aws-fail');
    case 'retry':
      return recordFailedAttempt(grant, 'Throttled', now);
    case 'revoke':
      return beginRevocation(grant, step.who, now);
    case 'complete':
      return completeRevocation(grant, now, undefined, 'aws-revoke');
  }
}

interface Run {
  grant: Grant;
  /** Every state the grant was in, in order, as seen by the caller. */
  visited: GrantState[];
  activations: number;
}

/** Plays the steps against one request, checking after each one what must hold at every moment. */
function play(ent: Entitlement, durationSec: number, steps: Step[]): Run {
  let grant = request({
    id: GRANT,
    entitlement: ent,
    requester: REQUESTER,
    durationSec,
    reason: 'r',
    now: T0,
  }).grant;
  const visited: GrantState[] = statesFromEvents(grant);
  let activations = 0;
  let now = T0;

  for (const step of steps) {
    now += step.after;
    const before = grant;
    const person = factsOf(ent, step);
    let result: Transition;
    try {
      result = apply(grant, ent, step, now);
    } catch (error) {
      // Refusals are typed errors; the grant stays as it was.
      expect(error).toBeInstanceOf(LatchkeyError);
      expect([IllegalTransition, NotApprover, NotAllowedToCancel].some((type) => error instanceof type)).toBe(
        true,
      );
      if (step.action === 'approve' && error instanceof NotApprover) {
        expect(eligible(ent, grant.requester, person)).toBe(false);
      }
      continue;
    }
    grant = result.grant;

    // A final state is never left, and nothing more is written on it.
    if (FINAL_STATES.has(before.state)) {
      expect(grant).toBe(before);
      expect(result.event).toBeUndefined();
    }

    // Every change of state comes with its event, and the event says where from and where to.
    if (grant.state !== before.state) {
      expect(result.event).toMatchObject({ from: before.state, to: grant.state, at: now });
      visited.push(grant.state);
    }
    if (result.event) expect(grant.events).toEqual([...before.events, result.event]);
    else expect(grant.events).toBe(before.events);

    // Approvals count only from eligible people, and only within the window.
    if (step.action === 'approve') {
      expect(eligible(ent, grant.requester, person)).toBe(true);
      expect(now).toBeLessThan(before.approvalDeadline);
    }
    if (step.action === 'lapse') expect(now).toBeGreaterThanOrEqual(before.approvalDeadline);

    if (step.action === 'activate') {
      activations++;
      expectQuorum(ent, grant);
      expect(grant.activatedAt).toBe(now);
      expect(grant.expiresAt).toBe(now + durationSec * 1000);
    }

    // The system revokes only at or after the end time.
    if (grant.state === 'revoking' && before.state === 'active' && step.who === SYSTEM) {
      expect(now).toBeGreaterThanOrEqual(before.expiresAt!);
    }
  }
  return { grant, visited, activations };
}

/** The quorum that let the grant through: distinct people, each an eligible approver. */
function expectQuorum(ent: Entitlement, grant: Grant): void {
  expect(new Set(grant.approvals).size).toBe(grant.approvals.length);
  expect(grant.approvals.length).toBeGreaterThanOrEqual(ent.approvals);
  for (const id of grant.approvals) {
    expect(ent.approvers).toContain(id);
    if (!ent.selfApprove) expect(id).not.toBe(grant.requester);
  }
}

const PROVISIONED: ReadonlySet<GrantState> = new Set([
  'provisioning',
  'active',
  'revoking',
  'revoked',
  'failed',
]);

describe('Lifecycle properties: any sequence of events on one request', () => {
  it('keeps every promise of the lifecycle', () => {
    fc.assert(
      fc.property(
        entitlementArb,
        durationArb,
        fc.array(stepArb, { maxLength: 60, size: 'max' }),
        (ent, durationSec, steps) => {
          const { grant, visited, activations } = play(ent, durationSec, steps);

          // Never two activations of one request.
          expect(activations).toBeLessThanOrEqual(1);
          expect(
            grant.events.filter((e) => e.action === 'activated' || e.to === 'active').length,
          ).toBeLessThanOrEqual(1);

          // Nothing got past approval without a quorum of distinct eligible approvers.
          if (visited.includes('approved')) expectQuorum(ent, grant);
          if (PROVISIONED.has(grant.state)) expect(visited).toContain('approved');

          // The events' from → to chain is exactly the states the grant went through.
          expectUnbrokenTrail(grant);
          expect(statesFromEvents(grant)).toEqual(visited);

          // Once final, the last state is the final one: it was not left again.
          const firstFinal = visited.findIndex((state) => FINAL_STATES.has(state));
          if (firstFinal >= 0) expect(firstFinal).toBe(visited.length - 1);
        },
      ),
      { numRuns: 600 },
    );
  });

  it('a request needing no approvals is approved at once, by the system, on the record', () => {
    fc.assert(
      fc.property(entitlementArb, durationArb, (ent, durationSec) => {
        const grant = request({
          id: GRANT,
          entitlement: ent,
          requester: REQUESTER,
          durationSec,
          reason: 'r',
          now: T0,
        }).grant;

        expect(grant.state).toBe(ent.approvals === 0 ? 'approved' : 'pending');
        expect(statesFromEvents(grant)).toEqual(ent.approvals === 0 ? ['pending', 'approved'] : ['pending']);
      }),
    );
  });
});
