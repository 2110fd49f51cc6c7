import { describe, expect, it } from 'vitest';
import { dueOf } from '../../src/core/due.js';
import { IllegalTransition } from '../../src/core/errors.js';
import { SYSTEM } from '../../src/core/grant.js';
import {
  activate,
  approve,
  beginProvisioning,
  beginRevocation,
  cancel,
  lapse,
  request,
  start,
} from '../../src/core/lifecycle.js';
import { entitlement, person } from '../support/entitlements.js';
import { thrownBy } from '../support/errors.js';
import { expectUnbrokenTrail, HOUR, MINUTE, REQUESTER, T0 } from '../support/grants.js';

const ent = entitlement({ approvals: 1 });

function scheduledRequest(startAt: number, options: { approvals?: number } = {}) {
  return request({
    id: 'g-sched123',
    entitlement: { ...ent, approvals: options.approvals ?? 1 },
    requester: REQUESTER,
    durationSec: 3600,
    reason: 'OPS-1 maintenance window',
    now: T0,
    startAt,
  }).grant;
}

describe('Lifecycle: a request with a start', () => {
  it('keeps the start, and may be approved until its window would end', () => {
    const grant = scheduledRequest(T0 + 2 * HOUR);

    expect(grant.state).toBe('pending');
    expect(grant.startAt).toBe(T0 + 2 * HOUR);
    expect(grant.approvalDeadline).toBe(T0 + 3 * HOUR);
  });

  it('approved before its start, waits in scheduled and is due at the start', () => {
    const approved = approve(scheduledRequest(T0 + 2 * HOUR), ent, person('U0LEAD1'), T0 + MINUTE);

    expect(approved.grant.state).toBe('scheduled');
    expect(approved.event).toMatchObject({ action: 'approved', from: 'pending', to: 'scheduled' });
    expect(dueOf(approved.grant)).toEqual({ kind: 'start', at: T0 + 2 * HOUR });
  });

  it('with no approval needed, is scheduled as it is asked', () => {
    expect(scheduledRequest(T0 + HOUR, { approvals: 0 }).state).toBe('scheduled');
  });

  it('starts only once its start has come, then provisions as any approved grant', () => {
    const scheduled = approve(scheduledRequest(T0 + 2 * HOUR), ent, person('U0LEAD1'), T0 + MINUTE).grant;

    thrownBy(() => start(scheduled, T0 + 2 * HOUR - 1), IllegalTransition);
    const started = start(scheduled, T0 + 2 * HOUR + 300);
    expect(started.grant.state).toBe('approved');
    expect(started.event).toMatchObject({
      actor: SYSTEM,
      action: 'started',
      from: 'scheduled',
      to: 'approved',
    });
  });

  it('ends at start + duration, however late it became active', () => {
    const scheduled = approve(scheduledRequest(T0 + 2 * HOUR), ent, person('U0LEAD1'), T0 + MINUTE).grant;
    const started = start(scheduled, T0 + 2 * HOUR).grant;
    const activeGrant = activate(
      beginProvisioning(started, T0 + 2 * HOUR + 500).grant,
      T0 + 2 * HOUR + 4000,
    ).grant;

    expect(activeGrant.expiresAt).toBe(T0 + 3 * HOUR);
    expectUnbrokenTrail(activeGrant);
  });

  it('approved after its start, is provisioned at once and still ends at start + duration', () => {
    const late = approve(scheduledRequest(T0 + 10 * MINUTE), ent, person('U0LEAD1'), T0 + 30 * MINUTE).grant;
    const activeGrant = activate(beginProvisioning(late, T0 + 30 * MINUTE).grant, T0 + 31 * MINUTE).grant;

    expect(late.state).toBe('approved');
    expect(activeGrant.expiresAt).toBe(T0 + 70 * MINUTE);
  });

  it('not approved before its end, lapses', () => {
    const pending = scheduledRequest(T0 + 10 * MINUTE);

    thrownBy(() => approve(pending, ent, person('U0LEAD1'), T0 + 70 * MINUTE), IllegalTransition);
    expect(lapse(pending, T0 + 70 * MINUTE).grant.state).toBe('lapsed');
  });

  it('may be cancelled by its requester while scheduled', () => {
    const scheduled = approve(scheduledRequest(T0 + 2 * HOUR), ent, person('U0LEAD1'), T0 + MINUTE).grant;

    expect(cancel(scheduled, REQUESTER, T0 + HOUR).grant.state).toBe('cancelled');
  });

  it('revoked by a person while scheduled, is cancelled before anything was granted', () => {
    const scheduled = approve(scheduledRequest(T0 + 2 * HOUR), ent, person('U0LEAD1'), T0 + MINUTE).grant;

    const revoked = beginRevocation(scheduled, 'U0LEAD1', T0 + HOUR);

    expect(revoked.grant.state).toBe('cancelled');
    expect(revoked.event).toMatchObject({ actor: 'U0LEAD1', from: 'scheduled', to: 'cancelled' });
    expect(dueOf(revoked.grant)).toBeUndefined();
  });

  it('is never ended by the system before it starts', () => {
    const scheduled = approve(scheduledRequest(T0 + 2 * HOUR), ent, person('U0LEAD1'), T0 + MINUTE).grant;

    thrownBy(() => beginRevocation(scheduled, SYSTEM, T0 + 5 * HOUR), IllegalTransition);
  });
});
