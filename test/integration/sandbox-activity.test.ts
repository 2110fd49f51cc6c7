// Sandbox mode's CloudTrail: when Identity Center stops holding a person's access, the simulated CloudTrail
// Lake gets that session's events within the time it was held, and the activity query finds them.

import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { buildActivityQuery } from '../../src/core/activity-query.js';
import { cloudTrailSource } from '../../src/runtime/activity.js';
import { DEFAULT_EVENT_DATA_STORE, startCloudTrailSim } from '../../src/sim/cloudtrail/index.js';
import { seedSessionsWhenAccessEnds } from '../../src/sim/cloudtrail/sandbox-seeder.js';
import { README_CONFIG } from '../support/config.js';
import { eventually } from '../support/eventually.js';
import { PRODUCTION, startIdentityCenter } from '../support/identity-center-sim.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('Sandbox CloudTrail: sessions seeded when access ends', () => {
  it('adds the person’s session events for the time the assignment was held, found by the activity query', async () => {
    const ic = await startIdentityCenter();
    const ct = await startCloudTrailSim();
    const seeder = seedSessionsWhenAccessEnds(ic.sim, ct.sim, { everyMs: 20 });
    cleanups.push(ic.close, ct.close, seeder.stop);
    const target = {
      kind: 'permissionSet',
      accountId: PRODUCTION,
      permissionSet: 'AdministratorAccess',
    } as const;
    const alice = await ic.identityCenter.findUser('alice@example.com');
    const resolved = await ic.identityCenter.resolveTarget(target);

    const from = Date.now();
    await ic.identityCenter.grant(alice!.userId, resolved);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ct.sim.eventCount()).toBe(0);
    await ic.identityCenter.revoke(alice!.userId, resolved);
    const until = await eventually(() => (ct.sim.eventCount() > 0 ? Date.now() : undefined));

    const config = {
      ...parseConfig(README_CONFIG),
      activity: { eventDataStore: DEFAULT_EVENT_DATA_STORE, delay: 0 },
    };
    const source = cloudTrailSource(config, { endpoint: ct.url, pollMs: 10 })!;
    const rows = await source.run(
      buildActivityQuery({
        eventDataStore: DEFAULT_EVENT_DATA_STORE,
        accountIds: [PRODUCTION],
        permissionSetName: 'AdministratorAccess',
        userName: 'alice',
        from,
        until,
        limit: 100,
      }),
      100,
    );

    expect(rows.events.map((e) => e.name)).toEqual([
      'ConsoleLogin',
      'GetCallerIdentity',
      'DescribeInstances',
      'FilterLogEvents',
      'ListBuckets',
      'RebootInstances',
      'CreateAccessKey',
    ]);
    expect(rows.events.find((e) => e.name === 'CreateAccessKey')?.errorCode).toBe('AccessDenied');
  });
});
