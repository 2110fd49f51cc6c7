// A scheduled grant survives the process: `latchkey serve` is killed (SIGKILL) while the grant waits for its
// start and started again; the new process finds the start in the store's due index and begins
// provisioning within 2 s after it, then ends the grant at start + duration.

import { describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { readStore, startLatchkey, useInstallation } from '../support/latchkey-process.js';
import { PROD_READ } from '../support/slack-flows.js';

const CHANNEL = 'C0APPROVALS';

describe('Crash and restart: a scheduled grant', () => {
  const deployed = useInstallation({ minDuration: '1s' });

  it('killed and restarted before its start, is provisioned within 2 s after the start', async ({
    onTestFailed,
  }) => {
    // Prepare: a request that needs no approval, starting far enough ahead to ask, kill the process and
    // start it again before the start comes: three times what the first start took, so a loaded machine,
    // whose processes start slowly, gets a later start.
    const { sims, installation } = deployed;
    const launched = Date.now();
    const first = startLatchkey(['serve'], installation.env());
    const outputs = [first];
    onTestFailed(() => {
      for (const p of outputs) console.error(`${p.stdout()}${p.stderr()}`);
    });
    sims.slack.setBotUrl(`http://127.0.0.1:${await first.ready()}/slack/events`);
    const leadSec = Math.max(3, Math.ceil((3 * (Date.now() - launched) + 1500) / 1000));
    await sims.slack.sender.runSlashCommand(
      'U0ALICE',
      'C0GENERAL',
      `incident-breakglass 2s in ${leadSec}s checking the incident`,
    );
    const message = await eventually(
      () => sims.slack.workspace.history(CHANNEL).find((m) => /^g-[a-z0-9]{8}:/.test(m.text)),
      { what: 'the request message' },
    );
    const grantId = message.text.slice(0, 10);
    await eventually(
      () => sims.slack.workspace.thread(CHANNEL, message.ts).some((m) => m.text.includes('access starts')),
      { what: 'the grant scheduled' },
    );

    // Act: kill it as a power cut would, then start again.
    first.child.kill('SIGKILL');
    await first.exited;
    const atCrash = await readStore(installation.dataDir, [grantId]);
    expect(atCrash.grants[0]?.state).toBe('scheduled');
    const startAt = atCrash.grants[0]!.startAt!;
    expect(startAt).toBeGreaterThan(Date.now());
    const second = startLatchkey(['serve'], installation.env());
    outputs.push(second);
    sims.slack.setBotUrl(`http://127.0.0.1:${await second.ready()}/slack/events`);
    expect(Date.now(), 'the new process was ready before the start').toBeLessThan(startAt);

    // Assess: access appears just after the start, and is gone after start + duration.
    await eventually(() => sims.ic.sim.holds('alice@example.com', PROD_READ), {
      what: 'Alice to hold the access',
      timeoutMs: 30_000,
    });
    expect(Date.now()).toBeGreaterThanOrEqual(startAt);
    await eventually(() => !sims.ic.sim.holds('alice@example.com', PROD_READ), {
      what: 'the access to end',
      timeoutMs: 15_000,
    });
    expect((await second.stop()).code).toBe(0);
    const [grant] = (await readStore(installation.dataDir, [grantId])).grants;
    const started = grant!.events.find((e) => e.action === 'started');
    expect(started!.at).toBeGreaterThanOrEqual(startAt);
    expect(started!.at - startAt).toBeLessThan(2000);
    expect(grant!.expiresAt).toBe(startAt + 2000);
    expect(grant!.state).toBe('revoked');
  }, 60_000);
});
