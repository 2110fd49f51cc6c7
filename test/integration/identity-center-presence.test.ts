// Whether people already hold a permission set, asked for many at once: a burst is answered from the
// permission set's holders, and a holder removed while they are listed never makes another holder's
// standing access look absent (which would get it removed at a grant's end).

import { afterEach, describe, expect, it } from 'vitest';
import type { ResolvedTarget } from '../../src/core/ports.js';
import {
  type IdentityCenterUnderTest,
  organisationOf,
  PRODUCTION,
  startIdentityCenter,
} from '../support/identity-center-sim.js';

const READ_ONLY = { kind: 'permissionSet', accountId: PRODUCTION, permissionSet: 'ReadOnlyAccess' } as const;

/** `people` users; the first `standing` hold ReadOnlyAccess on production before any grant. */
async function organisation(people: number, standing: number, pageSize?: number) {
  const seed = organisationOf(people);
  const ic = await startIdentityCenter({
    sim: {
      seed: {
        ...seed,
        assignments: Array.from({ length: standing }, (_, i) => ({
          user: `user${i}`,
          account: PRODUCTION,
          permissionSet: 'ReadOnlyAccess',
        })),
      },
      ...(pageSize !== undefined && { pageSize }),
    },
  });
  const target = await ic.identityCenter.resolveTarget(READ_ONLY);
  const ids = [];
  for (let i = 0; i < people; i++) ids.push(ic.sim.userId(`user${i}`)!);
  return { ic, target, ids };
}

function askAll(ic: IdentityCenterUnderTest, ids: string[], target: ResolvedTarget) {
  return Promise.all(ids.map((id) => ic.identityCenter.holds(id, target)));
}

const presenceCalls = (ic: IdentityCenterUnderTest) =>
  ic.sim.callsTo('ListAccountAssignmentsForPrincipal').length +
  ic.sim.callsTo('ListAccountAssignments').length;

describe('Identity Center adapter: whether people already hold a permission set', () => {
  let ic: IdentityCenterUnderTest | undefined;
  afterEach(async () => {
    await ic?.close();
    ic = undefined;
  });

  it('answers one question by the person’s own assignments, with one request', async () => {
    const world = await organisation(3, 1);
    ic = world.ic;

    const held = await askAll(ic, [world.ids[0]!], world.target);

    expect(held).toEqual([true]);
    expect(ic.sim.callsTo('ListAccountAssignmentsForPrincipal')).toHaveLength(1);
    expect(ic.sim.callsTo('ListAccountAssignments')).toHaveLength(0);
  });

  it('answers a burst of questions on one permission set with far fewer requests than people', async () => {
    const world = await organisation(60, 20);
    ic = world.ic;

    const held = await askAll(ic, world.ids, world.target);

    expect(held).toEqual(world.ids.map((_, i) => i < 20));
    expect(presenceCalls(ic)).toBeLessThanOrEqual(10);
  });

  it('does not take a holder skipped by a page token, when another is removed mid-listing, as absent', async () => {
    // Prepare: five standing holders listed two to a page; the first is removed (by someone else) right
    // after the first page, so an offset-based second page starts one holder too far and skips user2.
    const world = await organisation(12, 5, 2);
    ic = world.ic;
    const sim = ic.sim;
    sim.afterNextAnswer('ListAccountAssignments', () =>
      sim.removeAssignment('user0', PRODUCTION, 'ReadOnlyAccess'),
    );

    // Act: everyone but user0 asks at once
    const asked = world.ids.slice(1);
    const held = await askAll(ic, asked, world.target);

    // Assess: user2's standing access is seen, and the holders were listed again after the removal
    expect(held).toEqual(asked.map((_, i) => i + 1 < 5));
    expect(ic.sim.callsTo('ListAccountAssignments').length).toBeGreaterThan(3);
  });

  it('asks person by person when the holders keep changing while they are listed', async () => {
    // Prepare: thirty standing holders, five to a page; someone removes the earliest holder after each
    // of the next twenty pages, so no listing comes out whole
    const world = await organisation(50, 30, 5);
    ic = world.ic;
    const sim = ic.sim;
    for (let i = 0; i < 20; i++)
      sim.afterNextAnswer('ListAccountAssignments', () =>
        sim.removeAssignment(`user${i}`, PRODUCTION, 'ReadOnlyAccess'),
      );

    // Act: those never removed ask, ten holders and twenty who are not
    const asked = world.ids.slice(20);
    const held = await askAll(ic, asked, world.target);

    // Assess: right answers, and every person was asked about on their own
    expect(held).toEqual(asked.map((_, i) => i + 20 < 30));
    expect(ic.sim.callsTo('ListAccountAssignmentsForPrincipal').length).toBeGreaterThanOrEqual(asked.length);
  });
});
