import { describe, expect, it } from 'vitest';
import { ExtensionPending, IllegalTransition, InvalidDuration, NotApprover } from '../../src/core/errors.js';
import {
  approveExtension,
  denyExtension,
  lapseExtension,
  requestExtension,
  withdrawExtensionApproval,
} from '../../src/core/extension.js';
import { type Grant, SYSTEM } from '../../src/core/grant.js';
import { beginRevocation, completeRevocation } from '../../src/core/lifecycle.js';
import { say } from '../../src/slack/thread-text.js';
import { entitlement, person } from '../support/entitlements.js';
import { saidOf, thrownBy } from '../support/errors.js';
import { active, approved, expectUnbrokenTrail, HOUR, MINUTE, REQUESTER, T0 } from '../support/grants.js';

// Active from T0 + 2m for 1h, so it ends at T0 + 62m; the entitlement allows at most 4h, asked within 1h.
const ent = entitlement({ approvals: 2, maxDurationSec: 4 * 3600, approvalWindowSec: 3600 });
const activatedAt = T0 + 2 * MINUTE;
const endsAt = activatedAt + HOUR;
const now = T0 + 30 * MINUTE;

function extensionAsked(durationSec = 1800, grant: Grant = active(ent)): Grant {
  return requestExtension(grant, ent, REQUESTER, durationSec, now).grant;
}

describe('Extension: request', () => {
  it('the holder asks for more time; the request waits for approval on the grant', () => {
    const { grant, event } = requestExtension(active(ent), ent, REQUESTER, 1800, now);

    expect(grant.state).toBe('active');
    expect(grant.expiresAt).toBe(endsAt);
    expect(grant.extension).toEqual({
      requestedBy: REQUESTER,
      requestedAt: now,
      durationSec: 1800,
      approvals: [],
      deadline: now + HOUR,
      state: 'pending',
    });
    expect(event).toMatchObject({
      actor: REQUESTER,
      action: 'extension-requested',
      from: 'active',
      to: 'active',
      detail: '+30m',
    });
  });

  it('only the holder may ask', () => {
    const error = thrownBy(() => requestExtension(active(ent), ent, 'U0LEAD1', 1800, now), IllegalTransition);

    expect(saidOf(error)).toContain('Only the holder');
  });

  it('only an active grant can be extended', () => {
    const error = thrownBy(
      () => requestExtension(approved(ent), ent, REQUESTER, 1800, now),
      IllegalTransition,
    );

    expect(saidOf(error)).toContain('Only an active grant can be extended');
  });

  it('a second extension cannot be asked while one is waiting', () => {
    expect(() => requestExtension(extensionAsked(), ent, REQUESTER, 600, now + MINUTE)).toThrow(
      ExtensionPending,
    );
  });

  it('a new extension may be asked once the waiting one has passed its deadline', () => {
    const again = requestExtension(extensionAsked(), ent, REQUESTER, 600, now + HOUR);

    expect(again.grant.extension?.durationSec).toBe(600);
  });

  it('the time left plus the extension may reach the maximum from now, not pass it', () => {
    // 32 minutes are left; the entitlement allows 4h from now.
    const left = endsAt - now;
    const room = 4 * 3600 - left / 1000;

    expect(requestExtension(active(ent), ent, REQUESTER, room, now).grant.extension?.durationSec).toBe(room);
    const error = thrownBy(
      () => requestExtension(active(ent), ent, REQUESTER, room + 1, now),
      InvalidDuration,
    );
    expect(saidOf(error)).toBe(
      'g-abcdefgh can be extended by at most 3h 28m: `prod-admin` allows 4h from now.',
    );
  });

  it('a grant already running for the longest time allowed cannot be extended at all', () => {
    const long = active(ent, { durationSec: 4 * 3600 });

    const error = thrownBy(() => requestExtension(long, ent, REQUESTER, 60, activatedAt), InvalidDuration);

    expect(saidOf(error)).toBe('g-abcdefgh already runs for the longest time `prod-admin` allows (4h).');
  });

  it('with no approvals needed the extension is granted at once, by the system', () => {
    const open = entitlement({ approvals: 0 });
    const grant = active(open);

    const extended = requestExtension(grant, open, REQUESTER, 1800, now).grant;

    expect(extended.expiresAt).toBe(endsAt + 1800 * 1000);
    expect(extended.durationSec).toBe(3600 + 1800);
    expect(extended.extension).toMatchObject({ state: 'approved', decidedBy: SYSTEM });
    expect(extended.events.slice(-2).map((e) => [e.actor, e.action])).toEqual([
      [REQUESTER, 'extension-requested'],
      [SYSTEM, 'extended'],
    ]);
    expectUnbrokenTrail(extended);
  });
});

describe('Extension: approve', () => {
  it('an approval short of the quorum is recorded and the end time stays', () => {
    const { grant, event } = approveExtension(extensionAsked(), ent, person('U0LEAD1'), now + MINUTE);

    expect(grant.extension?.approvals).toEqual(['U0LEAD1']);
    expect(grant.expiresAt).toBe(endsAt);
    expect(event).toMatchObject({ action: 'extension-approval-added', detail: '1 of 2 approvals' });
  });

  it('the quorum of distinct approvers moves the end time, counted from the old end', () => {
    let grant = approveExtension(extensionAsked(), ent, person('U0LEAD1'), now + MINUTE).grant;
    expect(approveExtension(grant, ent, person('U0LEAD1'), now + MINUTE).event).toBeUndefined();

    const result = approveExtension(grant, ent, person('U0LEAD2'), now + 2 * MINUTE);
    grant = result.grant;

    expect(grant.expiresAt).toBe(endsAt + 1800 * 1000);
    expect(grant.durationSec).toBe(5400);
    expect(grant.extension).toMatchObject({ state: 'approved', decidedBy: 'U0LEAD2' });
    expect(result.event).toMatchObject({
      actor: 'U0LEAD2',
      action: 'extended',
      from: 'active',
      to: 'active',
      detail: `+30m, now ends ${new Date(endsAt + 1800 * 1000).toISOString()}; 1h 30m in all of at most 12h`,
    });
  });

  it('the holder cannot approve their own extension', () => {
    const error = thrownBy(
      () => approveExtension(extensionAsked(), ent, person(REQUESTER), now + MINUTE),
      NotApprover,
    );

    expect(error.why).toBe('requester');
  });

  it.each([
    ['a guest', { isGuest: true }],
    ['a bot', { isBot: true }],
    ['someone not listed', { isApprover: false }],
  ])('%s cannot approve an extension', (_who, facts) => {
    expect(() => approveExtension(extensionAsked(), ent, person('U0LEAD1', facts), now + MINUTE)).toThrow(
      NotApprover,
    );
  });

  it('no approval counts after the extension deadline', () => {
    expect(() => approveExtension(extensionAsked(), ent, person('U0LEAD1'), now + HOUR)).toThrow(
      IllegalTransition,
    );
  });

  it('there is nothing to approve when no extension is waiting', () => {
    expect(() => approveExtension(active(ent), ent, person('U0LEAD1'), now)).toThrow(IllegalTransition);
  });

  it('an approval taken back no longer counts', () => {
    const once = approveExtension(extensionAsked(), ent, person('U0LEAD1'), now + MINUTE).grant;

    const { grant, event } = withdrawExtensionApproval(once, 'U0LEAD1', now + 2 * MINUTE);

    expect(grant.extension?.approvals).toEqual([]);
    expect(event).toMatchObject({ actor: 'U0LEAD1', action: 'extension-approval-withdrawn' });
    expect(withdrawExtensionApproval(grant, 'U0LEAD1', now + 3 * MINUTE).event).toBeUndefined();
  });
});

describe('Extension: deny and lapse', () => {
  it('a denial ends the extension request and keeps the end time', () => {
    const once = approveExtension(extensionAsked(), ent, person('U0LEAD1'), now + MINUTE).grant;

    const { grant, event } = denyExtension(once, ent, person('U0LEAD2'), now + 2 * MINUTE);

    expect(grant.extension).toMatchObject({ state: 'denied', decidedBy: 'U0LEAD2' });
    expect(grant.expiresAt).toBe(endsAt);
    expect(event).toMatchObject({ action: 'extension-denied', actor: 'U0LEAD2' });
    expect(() => approveExtension(grant, ent, person('U0LEAD3'), now + 3 * MINUTE)).toThrow(
      IllegalTransition,
    );
  });

  it('the holder cannot deny their own extension either', () => {
    expect(() => denyExtension(extensionAsked(), ent, person(REQUESTER), now + MINUTE)).toThrow(NotApprover);
  });

  it('an extension without a decision lapses at its deadline, not before', () => {
    const asked = extensionAsked();

    expect(lapseExtension(asked, now + HOUR - 1).event).toBeUndefined();
    const { grant, event } = lapseExtension(asked, now + HOUR);

    expect(grant.extension?.state).toBe('lapsed');
    expect(grant.expiresAt).toBe(endsAt);
    expect(event).toMatchObject({ actor: SYSTEM, action: 'extension-lapsed', from: 'active', to: 'active' });
  });

  it('an extension still waiting when the grant ended does not lapse on the ended grant', () => {
    // Prepare: the holder gives the access back while the extension waits.
    const revoking = beginRevocation(extensionAsked(), REQUESTER, now + MINUTE).grant;
    const revoked = completeRevocation(revoking, now + 2 * MINUTE).grant;

    // Act and assess: the sweeper, which listed the grant before it ended, comes past the deadline.
    for (const grant of [revoking, revoked]) {
      const result = lapseExtension(grant, now + HOUR);
      expect(result.grant).toBe(grant);
      expect(result.event).toBeUndefined();
    }
  });

  it('a decided extension does not lapse', () => {
    const denied = denyExtension(extensionAsked(), ent, person('U0LEAD1'), now + MINUTE).grant;

    expect(lapseExtension(denied, now + 2 * HOUR).grant).toBe(denied);
  });
});

describe('Extension: the whole active time (maxTotal)', () => {
  // Granted at once, up to 1h at a time, 3h in all (three times the maximum duration).
  const breakglass = entitlement({ approvals: 0, approvers: [], maxDurationSec: 3600 });

  /** Extends by 30 minutes a minute before each end, until refused; answers the grant and the refusal. */
  function extendUntilRefused(): { grant: Grant; refusal: InvalidDuration; extensions: number } {
    let grant = active(breakglass);
    for (let extensions = 0; extensions < 20; extensions++) {
      const at = (grant.expiresAt ?? 0) - MINUTE;
      try {
        grant = requestExtension(grant, breakglass, REQUESTER, 1800, at).grant;
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidDuration);
        return { grant, refusal: error as InvalidDuration, extensions };
      }
    }
    throw new Error('never refused');
  }

  it('with approvals: 0, extensions granted at once stop where the whole time reaches maxTotal', () => {
    const { grant, refusal, extensions } = extendUntilRefused();

    expect(extensions).toBe(4);
    expect((grant.expiresAt ?? 0) - (grant.activatedAt ?? 0)).toBe(3 * HOUR);
    expect(saidOf(refusal)).toBe(
      `${grant.id} already runs for the most time \`prod-admin\` allows in all (3h, extensions included): ask for a new grant when it ends.`,
    );
  });

  it('with approvals: 0, an extension is held to maxTotal alone, not to the maximum duration from now', () => {
    // Just activated for 1h, the most at once; 3h in all: 2h more is within maxTotal.
    const grant = active(breakglass);
    const now = grant.activatedAt ?? 0;

    const extended = requestExtension(grant, breakglass, REQUESTER, 2 * 3600, now).grant;

    expect((extended.expiresAt ?? 0) - now).toBe(3 * HOUR);
    const error = thrownBy(
      () => requestExtension(grant, breakglass, REQUESTER, 2 * 3600 + 60, now),
      InvalidDuration,
    );
    expect(saidOf(error)).toContain('can be extended by at most 2h');
  });

  it('an extension past maxTotal is refused with what is left', () => {
    // Active 1h; extended to 2h 30m in all; then 45m more (within 1h from now) would pass 3h.
    let grant = active(breakglass);
    for (let i = 0; i < 3; i++)
      grant = requestExtension(grant, breakglass, REQUESTER, 1800, (grant.expiresAt ?? 0) - MINUTE).grant;

    const error = thrownBy(
      () => requestExtension(grant, breakglass, REQUESTER, 2700, (grant.expiresAt ?? 0) - MINUTE),
      InvalidDuration,
    );

    expect(saidOf(error)).toBe(
      `${grant.id} can be extended by at most 30m: \`prod-admin\` allows 3h in all, extensions included, and ${grant.id} already runs for 2h 30m.`,
    );
  });

  it('an approved extension says the running total in its audit event and in the thread', () => {
    const asked = extensionAsked(1800);
    const { grant, event } = approveExtension(
      approveExtension(asked, ent, person('U0LEAD1'), now).grant,
      ent,
      person('U0LEAD2'),
      now,
    );

    expect(event?.detail).toContain('1h 30m in all of at most 12h');
    const said = say(grant, { kind: 'transition', event: event! }, { entitlement: ent });
    expect(said.thread).toContain('(1h 30m in all, of at most 12h)');
  });
});
