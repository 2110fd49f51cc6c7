import { describe, expect, it } from 'vitest';
import { IllegalTransition, NotAllowedToCancel, NotApprover } from '../../src/core/errors.js';
import { FINAL_STATES, type Grant, SYSTEM } from '../../src/core/grant.js';
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
  retryDelayMs,
  withdrawApproval,
} from '../../src/core/lifecycle.js';
import type { PersonFacts } from '../../src/core/policy.js';
import { entitlement, person } from '../support/entitlements.js';
import { thrownBy } from '../support/errors.js';
import {
  active,
  approved,
  expectUnbrokenTrail,
  GRANT,
  HOUR,
  MINUTE,
  REQUESTER,
  requested,
  statesFromEvents,
  T0,
} from '../support/grants.js';

const twoOfThree = entitlement({ approvals: 2 });

describe('Lifecycle: request', () => {
  it('a new request is pending, with the request on the record', () => {
    const grant = requested(entitlement(), { reason: 'Rotate the leaked key' });

    expect(grant.state).toBe('pending');
    expect(grant.version).toBe(0);
    expect(grant.approvals).toEqual([]);
    expect(grant.events).toEqual([
      {
        at: T0,
        grantId: GRANT,
        actor: REQUESTER,
        action: 'requested',
        from: null,
        to: 'pending',
        detail: 'Rotate the leaked key',
      },
    ]);
  });

  it('takes the approval window, quorum, target and channel from the entitlement', () => {
    const ent = entitlement({
      approvalWindowSec: 900,
      approvals: 3,
      channel: 'C0PRODAPPROVALS',
      target: { kind: 'group', group: 'BillingReaders' },
    });

    const grant = requested(ent, { durationSec: 1800 });

    expect(grant.approvalDeadline).toBe(T0 + 900_000);
    expect(grant.approvalsNeeded).toBe(3);
    expect(grant.target).toEqual({ kind: 'group', group: 'BillingReaders' });
    expect(grant.channel).toBe('C0PRODAPPROVALS');
    expect(grant.durationSec).toBe(1800);
    expect(grant.entitlementId).toBe(ent.id);
  });

  it('does not start the clock when access is asked for', () => {
    const grant = requested();

    expect(grant.activatedAt).toBeUndefined();
    expect(grant.expiresAt).toBeUndefined();
  });

  it('an entitlement needing no approvals is approved at once, and the record says so', () => {
    const grant = requested(entitlement({ approvals: 0 }));

    expect(grant.state).toBe('approved');
    expect(grant.approvals).toEqual([]);
    expect(grant.events.map((e) => [e.actor, e.action, e.from, e.to])).toEqual([
      [REQUESTER, 'requested', null, 'pending'],
      [SYSTEM, 'approved', 'pending', 'approved'],
    ]);
    expect(grant.events[1]?.detail).toBe('no approval needed');
    expectUnbrokenTrail(grant);
  });
});

describe('Lifecycle: approve', () => {
  it('an approval short of the quorum keeps the request pending and is recorded', () => {
    // Prepare
    const grant = requested(twoOfThree);

    // Act
    const { grant: next, event } = approve(grant, twoOfThree, person('U0LEAD1'), T0 + MINUTE);

    // Assess
    expect(next.state).toBe('pending');
    expect(next.approvals).toEqual(['U0LEAD1']);
    expect(event).toMatchObject({
      actor: 'U0LEAD1',
      action: 'approval-added',
      from: 'pending',
      to: 'pending',
      detail: '1 of 2 approvals',
      at: T0 + MINUTE,
    });
    expect(next.events.at(-1)).toEqual(event);
  });

  it('the approval that reaches the quorum approves the request', () => {
    const first = approve(requested(twoOfThree), twoOfThree, person('U0LEAD1'), T0 + MINUTE).grant;

    const { grant, event } = approve(first, twoOfThree, person('U0LEAD2'), T0 + 2 * MINUTE);

    expect(grant.state).toBe('approved');
    expect(grant.approvals).toEqual(['U0LEAD1', 'U0LEAD2']);
    expect(event).toMatchObject({
      actor: 'U0LEAD2',
      action: 'approved',
      from: 'pending',
      to: 'approved',
      detail: '2 of 2 approvals',
    });
    expectUnbrokenTrail(grant);
  });

  it('the same approver approving twice counts once and changes nothing', () => {
    const once = approve(requested(twoOfThree), twoOfThree, person('U0LEAD1'), T0 + MINUTE).grant;

    const twice = approve(once, twoOfThree, person('U0LEAD1'), T0 + 2 * MINUTE);

    expect(twice.grant).toBe(once);
    expect(twice.event).toBeUndefined();
    expect(twice.grant.state).toBe('pending');
  });

  it('an approver who is also the requester cannot approve', () => {
    const grant = requested(entitlement(), { requester: 'U0LEAD1' });

    const error = thrownBy(() => approve(grant, entitlement(), person('U0LEAD1'), T0 + MINUTE), NotApprover);

    expect(error.why).toBe('requester');
    expect(error.userId).toBe('U0LEAD1');
  });

  it('with selfApprove, a requester who is an approver may approve their own request', () => {
    const ent = entitlement({ selfApprove: true });
    const grant = requested(ent, { requester: 'U0LEAD1' });

    const next = approve(grant, ent, person('U0LEAD1'), T0 + MINUTE).grant;

    expect(next.state).toBe('approved');
    expect(next.approvals).toEqual(['U0LEAD1']);
  });

  it('selfApprove does not make a requester who is not an approver into one', () => {
    const ent = entitlement({ selfApprove: true });
    const grant = requested(ent);

    const error = thrownBy(
      () => approve(grant, ent, person(REQUESTER, { isApprover: false }), T0 + MINUTE),
      NotApprover,
    );

    expect(error.why).toBe('not-listed');
  });

  it.each<[string, Partial<PersonFacts>, NotApprover['why']]>([
    ['someone not listed', { isApprover: false }, 'not-listed'],
    ['a listed guest', { isGuest: true }, 'guest'],
    ['a listed bot', { isBot: true }, 'bot'],
    ['a listed deactivated user', { isDeactivated: true }, 'deactivated'],
    ['an admin who is not an approver', { isApprover: false, isAdmin: true }, 'not-listed'],
  ])('%s cannot approve, and the request is unchanged', (_who, facts, why) => {
    const grant = requested();

    const error = thrownBy(
      () => approve(grant, entitlement(), person('U0LEAD1', facts), T0 + MINUTE),
      NotApprover,
    );

    expect(error.why).toBe(why);
    expect(grant.state).toBe('pending');
    expect(grant.approvals).toEqual([]);
    expect(grant.events).toHaveLength(1);
  });

  it('no approval counts once the approval window has passed', () => {
    const grant = requested(entitlement({ approvalWindowSec: 3600 }));

    expect(() => approve(grant, entitlement(), person('U0LEAD1'), T0 + HOUR)).toThrow(IllegalTransition);
    expect(approve(grant, entitlement(), person('U0LEAD1'), T0 + HOUR - 1).grant.state).toBe('approved');
  });

  it.each(['approved', 'denied', 'cancelled'] as const)(
    'an approval of a grant that is %s is refused',
    (state) => {
      const grant: Grant = { ...requested(), state };

      const error = thrownBy(
        () => approve(grant, entitlement(), person('U0LEAD1'), T0 + MINUTE),
        IllegalTransition,
      );

      expect(error.from).toBe(state);
    },
  );

  it('leaves the grant it was given untouched', () => {
    const grant = requested(twoOfThree);
    const before = structuredClone(grant);

    approve(grant, twoOfThree, person('U0LEAD1'), T0 + MINUTE);

    expect(grant).toEqual(before);
  });
});

describe('Lifecycle: withdraw an approval', () => {
  it('an approval taken back before the quorum no longer counts, and is recorded', () => {
    const once = approve(requested(twoOfThree), twoOfThree, person('U0LEAD1'), T0 + MINUTE).grant;

    const { grant, event } = withdrawApproval(once, 'U0LEAD1', T0 + 2 * MINUTE);

    expect(grant.approvals).toEqual([]);
    expect(grant.state).toBe('pending');
    expect(event).toMatchObject({
      actor: 'U0LEAD1',
      action: 'approval-withdrawn',
      from: 'pending',
      to: 'pending',
      detail: '0 of 2 approvals',
    });
  });

  it('after a withdrawal the quorum needs a further distinct approver', () => {
    let grant = approve(requested(twoOfThree), twoOfThree, person('U0LEAD1'), T0 + MINUTE).grant;
    grant = withdrawApproval(grant, 'U0LEAD1', T0 + 2 * MINUTE).grant;
    grant = approve(grant, twoOfThree, person('U0LEAD2'), T0 + 3 * MINUTE).grant;

    expect(grant.state).toBe('pending');
    expect(grant.approvals).toEqual(['U0LEAD2']);
  });

  it('withdrawing an approval that was never given changes nothing', () => {
    const grant = requested(twoOfThree);

    const result = withdrawApproval(grant, 'U0LEAD1', T0 + MINUTE);

    expect(result.grant).toBe(grant);
    expect(result.event).toBeUndefined();
  });

  it('withdrawing after the quorum was reached does not undo the approval', () => {
    const grant = approved();

    const result = withdrawApproval(grant, 'U0LEAD1', T0 + 5 * MINUTE);

    expect(result.grant).toBe(grant);
    expect(result.event).toBeUndefined();
  });
});

describe('Lifecycle: deny', () => {
  it('a denial ends the request whatever approvals it already has', () => {
    const once = approve(requested(twoOfThree), twoOfThree, person('U0LEAD1'), T0 + MINUTE).grant;

    const { grant, event } = deny(once, twoOfThree, person('U0LEAD2'), T0 + 2 * MINUTE);

    expect(grant.state).toBe('denied');
    expect(grant.deniedBy).toBe('U0LEAD2');
    expect(event).toMatchObject({ actor: 'U0LEAD2', action: 'denied', from: 'pending', to: 'denied' });
    expectUnbrokenTrail(grant);
  });

  it('an approver who already approved may still deny', () => {
    const once = approve(requested(twoOfThree), twoOfThree, person('U0LEAD1'), T0 + MINUTE).grant;

    expect(deny(once, twoOfThree, person('U0LEAD1'), T0 + 2 * MINUTE).grant.state).toBe('denied');
  });

  it.each<[string, string, Partial<PersonFacts>, NotApprover['why']]>([
    ['a guest', 'U0LEAD1', { isGuest: true }, 'guest'],
    ['someone not listed', 'U0BOB', { isApprover: false }, 'not-listed'],
    ['the requester', REQUESTER, {}, 'requester'],
  ])('%s cannot deny', (_who, userId, facts, why) => {
    const error = thrownBy(
      () => deny(requested(), entitlement(), person(userId, facts), T0 + MINUTE),
      NotApprover,
    );

    expect(error.why).toBe(why);
  });

  it('no denial once the approval window has passed', () => {
    expect(() => deny(requested(), entitlement(), person('U0LEAD1'), T0 + HOUR)).toThrow(IllegalTransition);
  });

  it('an approved request can no longer be denied', () => {
    expect(() => deny(approved(), entitlement(), person('U0LEAD2'), T0 + 2 * MINUTE)).toThrow(
      IllegalTransition,
    );
  });
});

describe('Lifecycle: cancel', () => {
  it('the requester may cancel a pending request', () => {
    const { grant, event } = cancel(requested(), REQUESTER, T0 + MINUTE);

    expect(grant.state).toBe('cancelled');
    expect(event).toMatchObject({ actor: REQUESTER, action: 'cancelled', from: 'pending', to: 'cancelled' });
  });

  it('nobody else may cancel it, not even an approver', () => {
    expect(() => cancel(requested(), 'U0LEAD1', T0 + MINUTE)).toThrow(NotAllowedToCancel);
  });

  it('an approved request can no longer be cancelled', () => {
    expect(() => cancel(approved(), REQUESTER, T0 + 2 * MINUTE)).toThrow(IllegalTransition);
  });
});

describe('Lifecycle: lapse', () => {
  it('a request still within its window does not lapse', () => {
    const error = thrownBy(() => lapse(requested(), T0 + HOUR - 1), IllegalTransition);

    expect(error.why).toBe('within-window');
  });

  it('a request without a decision lapses when its window ends', () => {
    const { grant, event } = lapse(requested(), T0 + HOUR);

    expect(grant.state).toBe('lapsed');
    expect(event).toMatchObject({ actor: SYSTEM, action: 'lapsed', from: 'pending', to: 'lapsed' });
  });

  it('an approved request does not lapse', () => {
    expect(() => lapse(approved(), T0 + 2 * HOUR)).toThrow(IllegalTransition);
  });
});

describe('Lifecycle: provisioning and activation', () => {
  it('provisioning starts only from an approved grant', () => {
    const grant = beginProvisioning(approved(), T0 + 2 * MINUTE).grant;

    expect(grant.state).toBe('provisioning');
    expect(grant.events.at(-1)).toMatchObject({ actor: SYSTEM, from: 'approved', to: 'provisioning' });
    expect(() => beginProvisioning(requested(), T0)).toThrow(IllegalTransition);
    expect(() => beginProvisioning(grant, T0)).toThrow(IllegalTransition);
  });

  it('the clock starts when the grant becomes active, not when it was asked for', () => {
    const provisioning = beginProvisioning(approved(entitlement(), { durationSec: 1800 }), T0 + MINUTE).grant;

    const { grant, event } = activate(provisioning, T0 + 40 * MINUTE, 'aws-req-7');

    expect(grant.state).toBe('active');
    expect(grant.activatedAt).toBe(T0 + 40 * MINUTE);
    expect(grant.expiresAt).toBe(T0 + 40 * MINUTE + 1800 * 1000);
    expect(event).toMatchObject({ actor: SYSTEM, action: 'activated', from: 'provisioning', to: 'active' });
    expect(event?.awsRequestId).toBe('aws-req-7');
  });

  it('activation clears the retry bookkeeping of provisioning', () => {
    const provisioning = recordFailedAttempt(
      beginProvisioning(approved(), T0 + MINUTE).grant,
      'ThrottlingException',
      T0 + 2 * MINUTE,
    ).grant;

    const grant = activate(provisioning, T0 + 3 * MINUTE).grant;

    expect(grant.attempts).toBe(0);
    expect(grant.nextAttemptAt).toBeUndefined();
    expect(grant.lastError).toBeUndefined();
  });

  it('a grant cannot be activated twice, nor before provisioning', () => {
    const grant = active();

    expect(() => activate(grant, T0 + 3 * MINUTE)).toThrow(IllegalTransition);
    expect(() => activate(approved(), T0 + 3 * MINUTE)).toThrow(IllegalTransition);
  });

  it('a failed provisioning ends the grant with AWS reason and request id', () => {
    const provisioning = beginProvisioning(approved(), T0 + MINUTE).grant;

    const { grant, event } = fail(
      provisioning,
      'Permission set not provisioned',
      T0 + 2 * MINUTE,
      'aws-req-9',
    );

    expect(grant.state).toBe('failed');
    expect(grant.failureReason).toBe('Permission set not provisioned');
    expect(grant.endedAt).toBe(T0 + 2 * MINUTE);
    expect(event).toMatchObject({ from: 'provisioning', to: 'failed', awsRequestId: 'aws-req-9' });
    expect(grant.activatedAt).toBeUndefined();
  });

  it('an active or pending grant cannot fail', () => {
    expect(() => fail(active(), 'late', T0 + HOUR)).toThrow(IllegalTransition);
    expect(() => fail(requested(), 'early', T0)).toThrow(IllegalTransition);
  });
});

describe('Lifecycle: revocation', () => {
  const activatedAt = T0 + 2 * MINUTE;
  const endsAt = activatedAt + 3600 * 1000;

  it('the system does not revoke a grant before its end time', () => {
    const error = thrownBy(() => beginRevocation(active(), SYSTEM, endsAt - 1), IllegalTransition);

    expect(error.why).toBe('before-end');
  });

  it('at its end time the system revokes the grant as expired', () => {
    const { grant, event } = beginRevocation(active(), SYSTEM, endsAt);

    expect(grant.state).toBe('revoking');
    expect(grant.endReason).toBe('expired');
    expect(grant.revokedBy).toBe(SYSTEM);
    expect(event).toMatchObject({ actor: SYSTEM, action: 'expired', from: 'active', to: 'revoking' });
  });

  it('a person may end a grant early', () => {
    const { grant, event } = beginRevocation(active(), 'U0LEAD1', activatedAt + MINUTE);

    expect(grant.endReason).toBe('revoked-early');
    expect(grant.revokedBy).toBe('U0LEAD1');
    expect(event).toMatchObject({ actor: 'U0LEAD1', action: 'revoke-requested', to: 'revoking' });
  });

  it('only an active grant can be revoked', () => {
    expect(() => beginRevocation(approved(), 'U0LEAD1', T0 + 3 * MINUTE)).toThrow(IllegalTransition);
    expect(() => beginRevocation(requested(), REQUESTER, T0 + MINUTE)).toThrow(IllegalTransition);
  });

  it('the grant is revoked only once AWS confirmed the removal', () => {
    const revoking = beginRevocation(active(), SYSTEM, endsAt).grant;

    const { grant, event } = completeRevocation(revoking, endsAt + 5000, 'standing access kept', 'aws-req-3');

    expect(grant.state).toBe('revoked');
    expect(grant.endedAt).toBe(endsAt + 5000);
    expect(event).toMatchObject({
      actor: SYSTEM,
      action: 'revoked',
      from: 'revoking',
      to: 'revoked',
      detail: 'standing access kept',
      awsRequestId: 'aws-req-3',
    });
    expect(statesFromEvents(grant)).toEqual([
      'pending',
      'approved',
      'provisioning',
      'active',
      'revoking',
      'revoked',
    ]);
    expectUnbrokenTrail(grant);
    expect(() => completeRevocation(active(), endsAt)).toThrow(IllegalTransition);
  });
});

describe('Lifecycle: retries of steps that talk to AWS', () => {
  it('waits 2 s after the first failure, doubling up to 5 minutes', () => {
    expect([1, 2, 3, 4, 8, 9, 20].map(retryDelayMs)).toEqual([
      2000, 4000, 8000, 16_000, 256_000, 300_000, 300_000,
    ]);
  });

  it('a failed attempt keeps the state and schedules the next one', () => {
    const provisioning = beginProvisioning(approved(), T0 + MINUTE).grant;

    const { grant, event } = recordFailedAttempt(provisioning, 'ThrottlingException', T0 + 2 * MINUTE);

    expect(grant.state).toBe('provisioning');
    expect(grant.attempts).toBe(1);
    expect(grant.lastError).toBe('ThrottlingException');
    expect(grant.nextAttemptAt).toBe(T0 + 2 * MINUTE + 2000);
    expect(event).toMatchObject({ action: 'attempt-failed', from: 'provisioning', to: 'provisioning' });
  });

  it('records the 1st, 2nd, 4th, 8th… failure only, so the record stays bounded', () => {
    let grant = beginRevocation(active(), 'U0LEAD1', T0 + 3 * MINUTE).grant;
    const recordedAt: number[] = [];

    for (let attempt = 1; attempt <= 16; attempt++) {
      const result = recordFailedAttempt(grant, 'Throttled', T0 + 3 * MINUTE + attempt);
      if (result.event) recordedAt.push(attempt);
      grant = result.grant;
    }

    expect(recordedAt).toEqual([1, 2, 4, 8, 16]);
    expect(grant.attempts).toBe(16);
    expect(grant.events.filter((e) => e.action === 'attempt-failed')).toHaveLength(5);
  });

  it('only a grant with AWS work in flight can record a failed attempt', () => {
    expect(() => recordFailedAttempt(requested(), 'x', T0)).toThrow(IllegalTransition);
    expect(() => recordFailedAttempt(active(), 'x', T0 + HOUR)).toThrow(IllegalTransition);
  });
});

describe('Lifecycle: a final state is never left', () => {
  const ent = entitlement();
  const revoked = completeRevocation(
    beginRevocation(active(), REQUESTER, T0 + 3 * MINUTE).grant,
    T0 + 4 * MINUTE,
  ).grant;
  const finals: Record<string, Grant> = {
    revoked,
    denied: deny(requested(), ent, person('U0LEAD1'), T0 + MINUTE).grant,
    cancelled: cancel(requested(), REQUESTER, T0 + MINUTE).grant,
    lapsed: lapse(requested(), T0 + HOUR).grant,
    failed: fail(beginProvisioning(approved(), T0 + MINUTE).grant, 'boom', T0 + 2 * MINUTE).grant,
  };

  it('covers every final state', () => {
    expect(Object.keys(finals).sort()).toEqual([...FINAL_STATES].sort());
  });

  it.each(Object.entries(finals))('a %s grant refuses every transition', (state, grant) => {
    const later = T0 + 10 * HOUR;
    const attempts: (() => unknown)[] = [
      () => approve(grant, ent, person('U0LEAD2'), T0 + 2 * MINUTE),
      () => deny(grant, ent, person('U0LEAD2'), T0 + 2 * MINUTE),
      () => cancel(grant, REQUESTER, later),
      () => lapse(grant, later),
      () => beginProvisioning(grant, later),
      () => activate(grant, later),
      () => fail(grant, 'again', later),
      () => beginRevocation(grant, SYSTEM, later),
      () => beginRevocation(grant, REQUESTER, later),
      () => completeRevocation(grant, later),
      () => recordFailedAttempt(grant, 'again', later),
    ];

    for (const attempt of attempts) expect(attempt).toThrow(IllegalTransition);
    expect(withdrawApproval(grant, 'U0LEAD1', later).grant).toBe(grant);
    expect(grant.state).toBe(state);
  });
});
