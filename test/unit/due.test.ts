import { describe, expect, it } from 'vitest';
import { dueOf } from '../../src/core/due.js';
import { FINAL_STATES, GRANT_STATES, type Grant } from '../../src/core/grant.js';
import { beginProvisioning, beginRevocation, recordFailedAttempt } from '../../src/core/lifecycle.js';
import { active, approved, HOUR, MINUTE, REQUESTER, requested, T0 } from '../support/grants.js';

describe('Due: when a grant next needs the sweeper', () => {
  it('a pending grant is due at its approval deadline', () => {
    expect(dueOf(requested())).toEqual({ kind: 'deadline', at: T0 + HOUR });
  });

  it('an active grant is due at its end time', () => {
    const grant = active(undefined, { activatedAt: T0 + 10 * MINUTE });

    expect(dueOf(grant)).toEqual({ kind: 'expiry', at: T0 + 10 * MINUTE + HOUR });
  });

  it('an active grant with an extension waiting is due at whichever comes first', () => {
    const grant = active();
    const expiresAt = grant.expiresAt!;
    const withExtension = (deadline: number, state: 'pending' | 'denied'): Grant => ({
      ...grant,
      extension: {
        requestedBy: REQUESTER,
        requestedAt: T0,
        durationSec: 600,
        approvals: [],
        deadline,
        state,
      },
    });

    expect(dueOf(withExtension(expiresAt - 1, 'pending'))).toEqual({ kind: 'expiry', at: expiresAt - 1 });
    expect(dueOf(withExtension(expiresAt + 1, 'pending'))).toEqual({ kind: 'expiry', at: expiresAt });
    expect(dueOf(withExtension(expiresAt - 1, 'denied'))).toEqual({ kind: 'expiry', at: expiresAt });
  });

  it('a grant with AWS work in flight is due at once, or at its next attempt after a failure', () => {
    const provisioning = beginProvisioning(approved(), T0 + MINUTE).grant;
    const retried = recordFailedAttempt(provisioning, 'Throttled', T0 + 2 * MINUTE).grant;
    const revoking = beginRevocation(active(), REQUESTER, T0 + 5 * MINUTE).grant;

    expect(dueOf(approved())).toEqual({ kind: 'retry', at: 0 });
    expect(dueOf(provisioning)).toEqual({ kind: 'retry', at: 0 });
    expect(dueOf(retried)).toEqual({ kind: 'retry', at: T0 + 2 * MINUTE + 2000 });
    expect(dueOf(revoking)).toEqual({ kind: 'retry', at: 0 });
  });

  it('a grant is never due once in a final state, and always due before', () => {
    for (const state of GRANT_STATES) {
      const grant: Grant = { ...active(), state };

      expect(dueOf(grant) === undefined).toBe(FINAL_STATES.has(state));
    }
  });
});
