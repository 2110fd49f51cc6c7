// The real `latchkey serve` killed at each step of provisioning, and the person's Identity Center user
// disabled before it starts again: the retry cannot make the grant, so the grant fails — and whatever the
// first attempt added is removed before it does. Standing access (Carol's ReadOnlyAccess, Dave's
// BillingReaders membership) is left alone.

import pLimit from 'p-limit';
import { afterAll, describe, expect, it } from 'vitest';
import type { CheckpointName } from '../../src/service/deps.js';
import { eventually } from '../support/eventually.js';
import {
  install,
  killAll,
  type LatchkeyProcess,
  logLines,
  readStore,
  startLatchkey,
  startSimulators,
} from '../support/latchkey-process.js';
import { PROD_READ } from '../support/slack-flows.js';

const BILLING = { kind: 'group', group: 'BillingReaders' } as const;
const CHANNEL = 'C0APPROVALS';
const ALICE = 'alice@example.com';

const SCENARIOS: { step: CheckpointName; kind: 'permissionSet' | 'group' }[] = [
  { step: 'provision:claimed', kind: 'permissionSet' },
  { step: 'provision:held', kind: 'group' },
  { step: 'provision:held', kind: 'permissionSet' },
  { step: 'provision:aws-granted', kind: 'permissionSet' },
  { step: 'provision:aws-granted', kind: 'group' },
];

/** Child processes starting at once share two cores: a few scenarios at a time run faster than all. */
const slots = pLimit(2);
const acquireSlot = () =>
  new Promise<() => void>((granted) => void slots(() => new Promise<void>((release) => granted(release))));

describe.concurrent('A retry after a crash that finds the person disabled removes what the first attempt added', () => {
  afterAll(async () => {
    await killAll();
  });

  for (const { step, kind } of SCENARIOS) {
    it(`killed at ${step} (${kind}), user disabled before the restart: the grant fails and no access is left`, async ({
      onTestFailed,
    }) => {
      const release = await acquireSlot();
      const sims = await startSimulators();
      const installation = await install(sims, { minDuration: '1s' });
      const processes: LatchkeyProcess[] = [];
      onTestFailed(() => {
        for (const p of processes) console.error(`${step}:\n${p.stdout()}${p.stderr()}`);
      });
      const start = async (crashAt?: CheckpointName) => {
        const process = startLatchkey(
          ['serve'],
          installation.env(crashAt ? { LATCHKEY_CRASH_AT: crashAt } : {}),
        );
        processes.push(process);
        sims.slack.setBotUrl(`http://127.0.0.1:${await process.ready()}/slack/events`);
        return process;
      };
      const target = kind === 'group' ? BILLING : PROD_READ;
      try {
        const crashing = await start(step);
        const text =
          kind === 'group' ? 'billing-read 1h month-end numbers' : 'incident-breakglass 1h the incident';
        await sims.slack.sender.runSlashCommand('U0ALICE', 'C0GENERAL', text).catch(() => undefined);
        const message = await eventually(
          () => sims.slack.workspace.history(CHANNEL).find((m) => /^g-[a-z0-9]{8}:/.test(m.text)),
          { what: 'the request message' },
        );
        const grantId = message.text.slice(0, 10);
        if (kind === 'group')
          await sims.slack.sender
            .clickButton('U0DAVE', CHANNEL, message.ts, 'latchkey_approve')
            .catch(() => undefined);
        const crash = await Promise.race([
          crashing.exited,
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no crash')), 20_000)),
        ]);
        expect(crash.signal).toBe('SIGKILL');
        expect(sims.ic.sim.holds(ALICE, target)).toBe(step === 'provision:aws-granted');

        sims.ic.sim.setUserActive('alice', false);
        const restarted = await start();
        await eventually(
          () =>
            logLines(restarted.stdout()).some(
              (l) => l.msg === 'provisioning failed' && l.grantId === grantId,
            ),
          { what: `${grantId} failed after the restart`, timeoutMs: 20_000 },
        );
        expect((await restarted.stop()).code).toBe(0);

        const { grants, holdings } = await readStore(installation.dataDir, [grantId]);
        expect(grants[0]?.state).toBe('failed');
        expect(grants[0]?.failureReason).toMatch(/disabled/);
        expect(holdings).toEqual([]);
        expect(sims.ic.sim.holds(ALICE, target)).toBe(false);
        expect(sims.ic.sim.holds('carol@example.com', PROD_READ)).toBe(true);
        expect(sims.ic.sim.holds('dave@example.com', BILLING)).toBe(true);
        const thread = sims.slack.workspace.thread(CHANNEL, message.ts).map((m) => m.text);
        expect(thread.join('\n')).toContain('Access could not be granted');
      } finally {
        await Promise.all(processes.map((p) => p.stop(1000)));
        await sims.close();
        await installation.remove();
        release();
      }
    }, 90_000);
  }
});
