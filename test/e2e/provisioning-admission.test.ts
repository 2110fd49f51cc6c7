// A burst of approvals is prepared for Identity Center a few grants at a time: each grant's claim, user
// look-up and recorded targets happen in its turn, so the first grants of a burst reach AWS at once instead
// of after every grant's first steps. The admission here is two at a time, to see the turns with the
// sandbox's handful of people; the service's own is a couple of dozen.

import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Grant } from '../../src/core/grant.js';
import { admission } from '../../src/service/admission.js';
import { activeGrants, EVERYONE } from '../support/active-grants.js';
import { type System, startSystem } from '../support/system.js';

let system: System;
beforeEach(async () => {
  system = await startSystem();
});
afterEach(async () => {
  await system.close();
});

it('grants approved together are prepared two at a time when two are admitted, and all become active', async () => {
  const { deps } = system.latchkey;
  deps.admit = admission(2);
  // Between its claim (provisioning, nothing recorded as held yet) and its recorded targets, a grant is preparing.
  const preparing = new Set<string>();
  let most = 0;
  const { store } = system.db;
  const save = store.save.bind(store);
  store.save = async (next: Grant, expectedVersion: number) => {
    const saved = await save(next, expectedVersion);
    if (next.state === 'provisioning' && next.aws.held === undefined) preparing.add(next.id);
    else preparing.delete(next.id);
    most = Math.max(most, preparing.size);
    return saved;
  };

  const asks = EVERYONE.filter((a) => a.entitlementId !== 'prod-admin');
  const grants = await activeGrants(deps, asks, '1h', asks.length);

  expect(grants.map((g) => g.state)).toEqual(asks.map(() => 'active'));
  expect(most).toBe(2);
});
