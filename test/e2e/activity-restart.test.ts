// The real `latchkey serve` (CloudTrail reached through AWS_ENDPOINT_URL_CLOUDTRAIL) stopped while an
// activity digest is due, and killed with SIGKILL after the digest was recorded and after it was posted:
// started again, it posts the digest in the thread exactly once, with one `activity` audit event.

import { writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { ActivityCheckpoint } from '../../src/service/deps.js';
import {
  DEFAULT_EVENT_DATA_STORE,
  type RunningCloudTrailSim,
  ssoSessionEvent,
} from '../../src/sim/cloudtrail/index.js';
import { activeGrant, sandboxConfigWith } from '../support/active-grants.js';
import { eventually } from '../support/eventually.js';
import {
  type Installation,
  install,
  killAll,
  type LatchkeyProcess,
  openService,
  readStore,
  type Simulators,
  startLatchkey,
  startSimulators,
} from '../support/latchkey-process.js';
import { shown } from '../support/slack-flows.js';

const DIGEST = 'What <@U0ALICE> did with';

describe('Activity digest across restarts of latchkey serve', () => {
  let sims: Simulators;
  let ct: RunningCloudTrailSim;
  let installation: Installation;

  beforeEach(async () => {
    sims = await startSimulators();
    ct = sims.ct;
    installation = await install(sims);
    const doc = parse(await sandboxConfigWith({ minDuration: '1s' })) as Record<string, unknown>;
    doc.activity = { eventDataStore: DEFAULT_EVENT_DATA_STORE, delay: '2s' };
    await writeFile(installation.configPath, stringify(doc));
  });
  afterEach(async () => {
    await killAll();
    await sims.close();
    await installation.remove();
  });

  const serve = async (crashAt?: ActivityCheckpoint): Promise<LatchkeyProcess> => {
    const process = startLatchkey(['serve'], installation.env(crashAt ? { LATCHKEY_CRASH_AT: crashAt } : {}));
    await process.ready();
    return process;
  };

  /** Alice's one-second grant, made active before any server runs, with two calls in its window. */
  const usedGrant = async () => {
    const service = await openService(sims, installation);
    const grant = await activeGrant(service.deps, { requester: 'U0ALICE', entitlementId: 'prod-read' }, '1s');
    await service.close();
    ct.sim.addEvents(
      ['DescribeInstances', 'StopInstances'].map((name, i) =>
        ssoSessionEvent({
          account: '123456789012',
          permissionSet: 'ReadOnlyAccess',
          userName: 'alice',
          at: grant.activatedAt! + 100 + i,
          source: 'ec2.amazonaws.com',
          name,
          readOnly: name.startsWith('Describe'),
        }),
      ),
    );
    return grant;
  };

  const thread = (grant: { channel?: string; messageTs?: string }) =>
    sims.slack.workspace
      .thread(grant.channel ?? '', grant.messageTs ?? '')
      .slice(1)
      .map((m) => shown(m));
  const digests = (grant: { channel?: string; messageTs?: string }) =>
    thread(grant).filter((text) => text.includes(DIGEST));

  it('stopped while the digest is due, the next process posts it once', async () => {
    const grant = await usedGrant();
    const first = await serve();
    await eventually(() => thread(grant).some((t) => t.includes('Access revoked')), {
      what: 'the revocation',
    });
    first.child.kill('SIGKILL');
    await first.exited;

    const [stored] = (await readStore(installation.dataDir, [grant.id])).grants;
    expect(stored?.state).toBe('revoked');
    expect(stored?.activity?.status).toBe('due');
    expect(digests(grant)).toEqual([]);

    const second = await serve();
    await eventually(() => digests(grant).length > 0, { what: 'the digest', timeoutMs: 20_000 });
    await second.stop();

    expect(digests(grant)).toHaveLength(1);
    expect(digests(grant)[0]).toContain('*2 events*: ec2 2');
    expect(digests(grant)[0]).toContain('`ec2:StopInstances`');
    const [done] = (await readStore(installation.dataDir, [grant.id])).grants;
    expect(done?.activity?.status).toBe('posted');
    expect(done?.events.filter((e) => e.action === 'activity')).toHaveLength(1);
  }, 90_000);

  it.each<[ActivityCheckpoint, 'posting' | 'posting-and-posted']>([
    ['activity:recorded', 'posting'],
    ['activity:posted', 'posting-and-posted'],
  ])(
    'killed at %s, the next process posts the digest exactly once without querying again',
    async (step, at) => {
      const grant = await usedGrant();
      const dying = await serve(step);
      const exit = await dying.exited;
      expect(exit.signal).toBe('SIGKILL');

      const [stored] = (await readStore(installation.dataDir, [grant.id])).grants;
      expect(stored?.activity?.status).toBe('posting');
      expect(stored?.activity?.digest?.total).toBe(2);
      expect(digests(grant)).toHaveLength(at === 'posting' ? 0 : 1);

      const next = await serve();
      await eventually(() => digests(grant).length > 0, { what: 'the digest', timeoutMs: 20_000 });
      // Give a second pass the chance to post again, were it going to.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await next.stop();

      expect(digests(grant)).toHaveLength(1);
      const [done] = (await readStore(installation.dataDir, [grant.id])).grants;
      expect(done?.activity?.status).toBe('posted');
      expect(done?.events.filter((e) => e.action === 'activity')).toHaveLength(1);
      expect(ct.sim.queriesRun()).toHaveLength(1);
    },
    90_000,
  );
});
