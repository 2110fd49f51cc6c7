// The real `latchkey serve` (CloudTrail reached through AWS_ENDPOINT_URL_CLOUDTRAIL) stopped while an
// activity digest is due, and killed with SIGKILL after the digest was recorded and after it was posted:
// started again, it posts the digest in the thread exactly once, with one `activity` audit event.
// Each test has simulators and an installation of its own, so the three run side by side: their time is
// spent waiting on processes, a grant's end and the digest's delay, not on the processor.

import { writeFile } from 'node:fs/promises';
import { afterAll, describe, expect, it, type OnTestFinishedHandler } from 'vitest';
import { parse, stringify } from 'yaml';
import type { Grant } from '../../src/core/grant.js';
import type { ActivityCheckpoint } from '../../src/service/deps.js';
import { DEFAULT_EVENT_DATA_STORE, ssoSessionEvent } from '../../src/sim/cloudtrail/index.js';
import { activeGrant, sandboxConfigWith } from '../support/active-grants.js';
import { eventually } from '../support/eventually.js';
import { QUICK_POLL } from '../support/identity-center-sim.js';
import {
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

/**
 * Simulators and an installation whose digests are due `delay` after a grant ends, removed when the test
 * ends with every process it started.
 */
async function deploy(delay: string, onTestFinished: (fn: OnTestFinishedHandler) => void) {
  const sims: Simulators = await startSimulators();
  const installation = await install(sims);
  const processes: LatchkeyProcess[] = [];
  onTestFinished(async () => {
    await Promise.all(processes.map((p) => p.stop(1000)));
    await sims.close();
    await installation.remove();
  });
  const doc = parse(await sandboxConfigWith({ minDuration: '1s' })) as Record<string, unknown>;
  doc.activity = { eventDataStore: DEFAULT_EVENT_DATA_STORE, delay };
  await writeFile(installation.configPath, stringify(doc));

  const thread = (grant: Grant) =>
    sims.slack.workspace
      .thread(grant.channel ?? '', grant.messageTs ?? '')
      .slice(1)
      .map((m) => shown(m));

  return {
    sims,
    installation,
    serve: async (crashAt?: ActivityCheckpoint): Promise<LatchkeyProcess> => {
      const process = startLatchkey(
        ['serve'],
        installation.env(crashAt ? { LATCHKEY_CRASH_AT: crashAt } : {}),
      );
      processes.push(process);
      await process.ready();
      return process;
    },
    /** Alice's one-second grant, made active before any server runs, with two calls in its window. */
    usedGrant: async (): Promise<Grant> => {
      // Identity Center's change is looked at on the simulator's timing: the setting up is not under test.
      const service = await openService(sims, installation, { adapter: QUICK_POLL });
      const grant = await activeGrant(
        service.deps,
        { requester: 'U0ALICE', entitlementId: 'prod-read' },
        '1s',
      );
      await service.close();
      sims.ct.sim.addEvents(
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
    },
    thread,
    digests: (grant: Grant) => thread(grant).filter((text) => text.includes(DIGEST)),
  };
}

describe.concurrent('Activity digest across restarts of latchkey serve', () => {
  // Each test stops its own processes; this is the net under a test that failed half way.
  afterAll(killAll);

  it('stopped while the digest is due, the next process posts it once', async ({ onTestFinished }) => {
    // Two seconds between the revocation and the digest: time to see the one and kill the process before
    // the other, on a loaded machine.
    const { installation, serve, usedGrant, thread, digests } = await deploy('2s', onTestFinished);
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

  it.for<[ActivityCheckpoint, 'posting' | 'posting-and-posted']>([
    ['activity:recorded', 'posting'],
    ['activity:posted', 'posting-and-posted'],
  ])(
    'killed at %s, the next process posts the digest exactly once without querying again',
    { timeout: 90_000 },
    async ([step, at], { onTestFinished }) => {
      // Nothing races the digest here: the process kills itself at the step, however late it comes.
      const { sims, installation, serve, usedGrant, digests } = await deploy('1s', onTestFinished);
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
      expect(sims.ct.sim.queriesRun()).toHaveLength(1);
    },
  );
});
