import { describe, expect, it } from 'vitest';
import { cancel, deny } from '../../src/core/lifecycle.js';
import { applyOnCall } from '../../src/core/on-call.js';
import type { Desk } from '../../src/service/desk.js';
import { blockKitProblems } from '../../src/sim/slack/block-kit.js';
import { HOME_ACTION, HOME_LIMITS, homeView } from '../../src/slack/home.js';
import { entitlement, person } from '../support/entitlements.js';
import { active, HOUR, MINUTE, requested, T0 } from '../support/grants.js';

const ent = entitlement();
const empty: Desk = { holding: [], pending: [], toDecide: [], recent: [] };
const withId = <T extends { id: string }>(grant: T, i: number): T => ({
  ...grant,
  id: `g-${String(i).padStart(8, '0')}`,
});
const actionIds = (blocks: unknown[]) =>
  [...JSON.stringify(blocks).matchAll(/"action_id":"([a-z_]+)"/g)].map((m) => m[1]);

describe('Home view', () => {
  it('offers Request access and says plainly when every list is empty', () => {
    const view = homeView(empty, T0);
    const text = JSON.stringify(view.blocks);
    expect(view.type).toBe('home');
    expect(actionIds(view.blocks)).toEqual([HOME_ACTION.request]);
    for (const line of ['Nothing right now.', 'None.', 'Nothing waits for you.', 'Nothing yet.']) {
      expect(text).toContain(line);
    }
  });

  it('gives an active grant Extend and Revoke, a pending request Cancel, and a request to decide the message’s own buttons', () => {
    const held = active(ent, { activatedAt: T0 });
    const waiting = requested(ent);
    const desk: Desk = {
      holding: [held],
      pending: [waiting],
      toDecide: [{ grant: { ...waiting, requester: 'U0BOB' }, purpose: 'request', approvedByMe: false }],
      recent: [],
    };
    const view = homeView(desk, T0 + 10 * MINUTE);
    expect(actionIds(view.blocks)).toEqual([
      HOME_ACTION.request,
      HOME_ACTION.extend,
      HOME_ACTION.revoke,
      HOME_ACTION.cancel,
      'latchkey_approve',
      'latchkey_deny',
    ]);
    expect(JSON.stringify(view.blocks)).toContain(`"value":"${waiting.id}:request"`);
    expect(JSON.stringify(view.blocks)).toContain('50m left');
  });

  it('shows a scheduled grant’s start, and lets it be revoked before then', () => {
    const scheduled = {
      ...active(ent, { activatedAt: T0 }),
      state: 'scheduled' as const,
      startAt: T0 + 2 * HOUR,
    };
    const view = homeView({ ...empty, holding: [scheduled] }, T0);
    expect(JSON.stringify(view.blocks)).toContain('Starts <!date^');
    expect(actionIds(view.blocks)).toEqual([HOME_ACTION.request, HOME_ACTION.revoke]);
  });

  it('marks a grant approved while on call, and lists what ended', () => {
    const onCall = applyOnCall(
      requested(ent),
      { kind: 'on-call', shift: { source: 'pagerduty', scheduleId: 'PX', userId: 'PU', userName: 'A' } },
      T0,
    ).grant;
    const denied = deny(requested(ent), ent, person('U0LEAD1'), T0 + MINUTE).grant;
    const cancelled = cancel(requested(ent), 'U0ALICE', T0 + MINUTE).grant;
    const text = JSON.stringify(
      homeView(
        {
          ...empty,
          holding: [{ ...onCall, state: 'active', expiresAt: T0 + HOUR }],
          recent: [denied, cancelled],
        },
        T0,
      ).blocks,
    );
    expect(text).toContain('approved while on call');
    expect(text).toContain('denied');
    expect(text).toContain('cancelled');
  });

  it('stays within Slack’s limits however much a person has, and says how much more there is', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => i);
    const desk: Desk = {
      holding: many(40).map((i) => withId(active(ent, { activatedAt: T0, reason: 'x'.repeat(1000) }), i)),
      pending: many(40).map((i) => withId(requested(ent), 100 + i)),
      toDecide: many(60).map((i) => ({
        grant: withId({ ...requested(ent, { reason: 'y'.repeat(1000) }), requester: 'U0BOB' }, 200 + i),
        purpose: 'request' as const,
        approvedByMe: false,
      })),
      recent: many(10).map((i) => withId(cancel(requested(ent), 'U0ALICE', T0).grant, 300 + i)),
    };
    const view = homeView(desk, T0);
    expect(blockKitProblems(view.blocks, 'home')).toEqual([]);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain(`…and ${40 - HOME_LIMITS.holding} more`);
    expect(text).toContain(`…and ${60 - HOME_LIMITS.toDecide} more`);
    expect(Buffer.byteLength(JSON.stringify(view))).toBeLessThan(250_000);
  });
});
