// The real `latchkey serve`, killed with SIGKILL at each step of granting and of revoking (chosen with
// LATCHKEY_CRASH_AT), then started again without it: every grant must still end right. Identity Center holds
// exactly what the seed holds (Carol's standing ReadOnlyAccess included), each access is removed once, and
// nothing outlives its grant by more than the restart.

import pLimit from 'p-limit';
import { afterAll, describe, expect, it } from 'vitest';
import type { CheckpointName } from '../../src/service/deps.js';
import { eventually } from '../support/eventually.js';
import {
  type Exit,
  type Installation,
  install,
  killAll,
  type LatchkeyProcess,
  logLines,
  readStore,
  type Simulators,
  startLatchkey,
  startSimulators,
} from '../support/latchkey-process.js';

import { PROD_READ } from '../support/slack-flows.js';

const BILLING = { kind: 'group', group: 'BillingReaders' } as const;
const CHANNEL = 'C0APPROVALS';

type Kind = 'permissionSet' | 'group';

interface Scenario {
  step: CheckpointName;
  /** The grant whose step kills the process; the other one is in whatever state it was in. */
  killedBy: Kind;
}

const SCENARIOS: Scenario[] = [
  { step: 'provision:claimed', killedBy: 'permissionSet' },
  { step: 'provision:held', killedBy: 'group' },
  { step: 'provision:aws-granted', killedBy: 'permissionSet' },
  { step: 'provision:aws-granted', killedBy: 'group' },
  { step: 'revoke:claimed', killedBy: 'group' },
  { step: 'revoke:releasing', killedBy: 'permissionSet' },
  { step: 'revoke:aws-removed', killedBy: 'permissionSet' },
  { step: 'revoke:aws-removed', killedBy: 'group' },
];

/** What the holding record says of the grant when the process dies at each step. */
const HOLDING_AT: Record<CheckpointName, 'none' | 'held' | 'releasing'> = {
  'provision:claimed': 'none',
  'provision:held': 'held',
  'provision:aws-granted': 'held',
  'revoke:claimed': 'held',
  'revoke:releasing': 'releasing',
  'revoke:aws-removed': 'releasing',
};
/** Whether Identity Center holds the access when the process dies at each step. */
const AWS_HOLDS_AT: Record<CheckpointName, boolean> = {
  'provision:claimed': false,
  'provision:held': false,
  'provision:aws-granted': true,
  'revoke:claimed': true,
  'revoke:releasing': true,
  'revoke:aws-removed': false,
};

/** A running installation: the simulators, the config and data directory, and the current process. */
class Deployment {
  process: LatchkeyProcess | undefined;
  readonly processes: LatchkeyProcess[] = [];
  readyAt = 0;
  constructor(
    readonly sims: Simulators,
    readonly installation: Installation,
  ) {}

  async start(crashAt?: CheckpointName): Promise<LatchkeyProcess> {
    const process = startLatchkey(
      ['serve'],
      this.installation.env(crashAt ? { LATCHKEY_CRASH_AT: crashAt } : {}),
    );
    this.process = process;
    this.processes.push(process);
    const port = await process.ready();
    this.readyAt = Date.now();
    this.sims.slack.setBotUrl(`http://127.0.0.1:${port}/slack/events`);
    return process;
  }

  /** Asks as Alice; answers the grant id from the request message. */
  async ask(text: string): Promise<string> {
    const before = this.requestMessages().length;
    // The process may die before it answers: the request may still have been stored.
    await this.sims.slack.sender.runSlashCommand('U0ALICE', 'C0GENERAL', text).catch(() => undefined);
    const message = await eventually(() => this.requestMessages()[before], { what: `the request "${text}"` });
    return grantIdOf(message.text);
  }

  async approveAsDave(grantId: string): Promise<void> {
    const message = this.requestMessages().find((m) => m.text.startsWith(`${grantId}:`));
    if (!message) throw new Error(`no request message for ${grantId}`);
    await this.sims.slack.sender
      .clickButton('U0DAVE', CHANNEL, message.ts, 'latchkey_approve')
      .catch(() => undefined);
  }

  aliceHolds(kind: Kind): boolean {
    return this.sims.ic.sim.holds('alice@example.com', kind === 'group' ? BILLING : PROD_READ);
  }

  /** The grants any of the processes said it revoked. */
  revokedInLog(): string[] {
    return this.processes
      .flatMap((p) => logLines(p.stdout()))
      .filter((l) => l.msg === 'grant revoked')
      .map((l) => String(l.grantId));
  }

  private requestMessages() {
    return this.sims.slack.workspace.history(CHANNEL).filter((m) => /^g-[a-z0-9]{8}:/.test(m.text));
  }
}

function grantIdOf(text: string): string {
  const id = /^(g-[a-z0-9]{8}):/.exec(text)?.[1];
  if (!id) throw new Error(`not a request message: ${text}`);
  return id;
}

const other = (kind: Kind): Kind => (kind === 'group' ? 'permissionSet' : 'group');
const ASK: Record<Kind, (seconds: number) => string> = {
  permissionSet: (s) => `incident-breakglass ${s}s checking the incident`,
  group: (s) => `billing-read ${s}s month-end numbers`,
};

/** The process's exit, once its output is read to the end; fails after `timeoutMs`. */
async function exitOf(process: LatchkeyProcess, what: string, timeoutMs = 15_000): Promise<Exit> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
  });
  try {
    return await Promise.race([process.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Child processes starting at once share two cores: a few scenarios at a time run faster than all. */
const slots = pLimit(3);
/** Waits for a slot and answers the function that gives it back (called in a finally block). */
const acquireSlot = () =>
  new Promise<() => void>((granted) => void slots(() => new Promise<void>((release) => granted(release))));

describe.concurrent('Crash and restart: SIGKILL at any step of a grant leaves nothing wrong behind', () => {
  // Each test stops its own processes; this is the net under a test that failed half way.
  afterAll(async () => {
    await killAll();
  });

  for (const { step, killedBy } of SCENARIOS) {
    it(`killed at ${step} by the ${killedBy} grant: after a restart every grant ends once and on time`, async ({
      onTestFailed,
    }) => {
      const release = await acquireSlot();
      const sims = await startSimulators().catch((error: unknown) => {
        release();
        throw error;
      });
      const installation = await install(sims, { minDuration: '1s' });
      const deployment = new Deployment(sims, installation);
      onTestFailed(() => {
        for (const [n, p] of deployment.processes.entries())
          console.error(`latchkey process ${n + 1} (${step}):\n${p.stdout()}${p.stderr()}`);
      });
      const ids: Record<Kind, string> = { permissionSet: '', group: '' };
      try {
        const crashing = await deployment.start(step);
        const ask = async (kind: Kind, seconds: number) => {
          ids[kind] = await deployment.ask(ASK[kind](seconds));
          if (kind === 'group') await deployment.approveAsDave(ids.group);
        };

        if (step.startsWith('provision:')) {
          // The other grant is asked for first and left waiting (a group grant) or asked after the restart.
          if (killedBy === 'permissionSet') ids.group = await deployment.ask(ASK.group(1));
          await ask(killedBy, 1);
        } else {
          // The other grant is active through the crash and ends after the restart.
          await ask(other(killedBy), 5);
          await eventually(() => deployment.aliceHolds(other(killedBy)), { what: 'the first grant active' });
          await ask(killedBy, 1);
          await eventually(() => deployment.aliceHolds(killedBy), { what: 'the second grant active' });
        }
        const crash = await exitOf(crashing, `the process to kill itself at ${step}`);
        expect(crash.signal).toBe('SIGKILL');
        // The store and Identity Center show the process died exactly at the step.
        const atCrash = await readStore(installation.dataDir, [ids[killedBy]]);
        expect(atCrash.grants[0]?.state).toBe(step.startsWith('provision:') ? 'provisioning' : 'revoking');
        const holding = atCrash.holdings.find(
          (h) => h.holders.includes(ids[killedBy]) || h.releasing === ids[killedBy],
        );
        expect(holding ? (holding.releasing ? 'releasing' : 'held') : 'none').toBe(HOLDING_AT[step]);
        expect(deployment.aliceHolds(killedBy)).toBe(AWS_HOLDS_AT[step]);

        const restarted = await deployment.start();
        if (step.startsWith('provision:')) {
          if (killedBy === 'permissionSet') await deployment.approveAsDave(ids.group);
          else await ask('permissionSet', 1);
        }
        await eventually(
          () =>
            deployment.revokedInLog().includes(ids.permissionSet) &&
            deployment.revokedInLog().includes(ids.group),
          { what: 'both grants revoked after the restart', timeoutMs: 20_000 },
        );
        const restartedAt = deployment.readyAt;
        expect((await restarted.stop()).code).toBe(0);

        const { grants, holdings } = await readStore(installation.dataDir, Object.values(ids));
        expect(grants.map((g) => g.state)).toEqual(['revoked', 'revoked']);
        for (const grant of grants) {
          const expired = grant.events.find((e) => e.action === 'expired');
          const revoked = grant.events.find((e) => e.action === 'revoked');
          expect(expired?.at).toBeGreaterThanOrEqual(grant.expiresAt ?? Number.POSITIVE_INFINITY);
          // Access outlives its end only while no process was running to end it.
          expect(revoked?.at).toBeLessThanOrEqual(Math.max(grant.expiresAt ?? 0, restartedAt) + 3000);
          expect(grant.events.filter((e) => e.action === 'revoked')).toHaveLength(1);
        }
        expect(holdings).toEqual([]);

        const { ic } = sims;
        expect(deployment.aliceHolds('permissionSet')).toBe(false);
        expect(deployment.aliceHolds('group')).toBe(false);
        expect(ic.sim.holds('carol@example.com', PROD_READ)).toBe(true);
        expect(ic.sim.snapshot().assignments.map((a) => `${a.principal} ${a.permissionSet}`)).toEqual([
          'carol ReadOnlyAccess',
        ]);
        expect(ic.sim.snapshot().groups.find((g) => g.displayName === 'BillingReaders')?.members).toEqual([
          expect.objectContaining({ userName: 'dave' }),
        ]);
        expect(ic.sim.callsTo('DeleteAccountAssignment').filter((c) => c.status === 200)).toHaveLength(1);
        expect(ic.sim.callsTo('DeleteGroupMembership').filter((c) => c.status === 200)).toHaveLength(1);
      } finally {
        await deployment.process?.stop(1000);
        await sims.close();
        await installation.remove();
        release();
      }
    }, 60_000);
  }
});
