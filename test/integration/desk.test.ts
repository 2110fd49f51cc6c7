// What one person's Home tab holds, on a real store (dynalite): the requests waiting for their decision by
// the same rules as the buttons, and nothing read about others' requests when they approve nothing, so a
// burst of requests does not make every requester's Home read the whole waiting list.

import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Entitlement } from '../../src/core/entitlement.js';
import type { Grant } from '../../src/core/grant.js';
import type { PersonFacts } from '../../src/core/policy.js';
import type { Directory } from '../../src/core/ports.js';
import { Catalogue } from '../../src/service/catalogue.js';
import type { ServiceDeps } from '../../src/service/deps.js';
import { deskOf } from '../../src/service/desk.js';
import { entitlement, person } from '../support/entitlements.js';
import { MINUTE, requested, T0 } from '../support/grants.js';
import { startTestStore, type TestStore } from '../support/store.js';

let db: TestStore;
beforeEach(async () => {
  db = await startTestStore();
});
afterEach(async () => {
  await db.close();
});

const prod = entitlement({ id: 'prod-admin', approvers: ['U0LEAD1', 'U0LEAD2'] });
const billing = entitlement({ id: 'billing-read', approvers: ['U0LEAD1', 'U0FINANCE'] });

/** Slack's answers: approvers as each entitlement lists them, everyone in good standing. */
function directory(failsFor: string[] = []): Directory & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async person(userId: string, ent?: Entitlement): Promise<PersonFacts> {
      asked.push(`${userId}:${ent?.id}`);
      if (ent && failsFor.includes(ent.id)) throw new Error('usergroups.users.list: ratelimited');
      return person(userId, { isApprover: Boolean(ent?.approvers.includes(userId)) });
    },
    mayRequest: async () => true,
    email: async () => undefined,
    timeZone: async () => undefined,
  };
}

function deskDeps(dir: Directory, warnings: unknown[] = []): ServiceDeps {
  const log = pino({ level: 'silent' });
  log.warn = ((entry: unknown) => void warnings.push(entry)) as typeof log.warn;
  return {
    store: db.store,
    clock: { now: () => T0 + MINUTE },
    catalogue: new Catalogue([prod, billing]),
    directory: dir,
    log,
  } as unknown as ServiceDeps;
}

const asked = (ent: Entitlement, id: string, requester: string): Grant => ({
  ...requested(ent, { requester }),
  id,
});
const ids = (grants: Grant[]) => grants.map((g) => g.id).sort();

describe('A person’s desk (Home tab)', () => {
  it('an approver sees the requests they may decide on, not their own and not those of other teams', async () => {
    // Prepare: requests on both entitlements, one of them by the approver themself.
    await db.store.create(asked(prod, 'g-prod0001', 'U0ALICE'));
    await db.store.create(asked(prod, 'g-prod0002', 'U0LEAD2'));
    await db.store.create(asked(billing, 'g-bill0001', 'U0ALICE'));

    // Act
    const desk = await deskOf(deskDeps(directory()), 'U0LEAD2');

    // Assess: billing is not theirs; their own request waits under "pending", not "to decide".
    expect(ids(desk.toDecide.map((d) => d.grant))).toEqual(['g-prod0001']);
    expect(ids(desk.pending)).toEqual(['g-prod0002']);
  });

  it('someone who approves nothing does not read the requests waiting for others', async () => {
    // Prepare
    await db.store.create(asked(prod, 'g-prod0001', 'U0ALICE'));
    await db.store.create(asked(prod, 'g-prod0002', 'U0BOB'));
    const listed = vi.spyOn(db.store, 'listByState');
    const extensions = vi.spyOn(db.store, 'extensionsAwaited');

    // Act
    const desk = await deskOf(deskDeps(directory()), 'U0ALICE');

    // Assess: her own request is there; the waiting list was never read.
    expect(ids(desk.pending)).toEqual(['g-prod0001']);
    expect(desk.toDecide).toEqual([]);
    expect(listed).not.toHaveBeenCalled();
    expect(extensions).not.toHaveBeenCalled();
  });

  it('Slack is asked about the person once per entitlement, however many requests wait', async () => {
    // Prepare
    for (let i = 0; i < 6; i++) await db.store.create(asked(prod, `g-prod000${i}`, `U0ASKER${i}`));
    const dir = directory();

    // Act
    const desk = await deskOf(deskDeps(dir), 'U0LEAD1');

    // Assess
    expect(desk.toDecide).toHaveLength(6);
    expect(dir.asked.filter((a) => a === 'U0LEAD1:prod-admin')).toHaveLength(1);
  });

  it('a directory failing for one entitlement leaves the rest of the desk, with one warning', async () => {
    // Prepare
    await db.store.create(asked(prod, 'g-prod0001', 'U0ALICE'));
    await db.store.create(asked(prod, 'g-prod0002', 'U0BOB'));
    await db.store.create(asked(billing, 'g-bill0001', 'U0ALICE'));
    const warnings: unknown[] = [];

    // Act
    const desk = await deskOf(deskDeps(directory(['prod-admin']), warnings), 'U0LEAD1');

    // Assess
    expect(ids(desk.toDecide.map((d) => d.grant))).toEqual(['g-bill0001']);
    expect(warnings).toEqual([expect.objectContaining({ entitlement: 'prod-admin', user: 'U0LEAD1' })]);
  });
});
