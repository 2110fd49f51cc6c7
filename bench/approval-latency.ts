// Approval → CreateAccountAssignment issued: Bob clicks Approve on a request message and the clock runs
// until the Identity Center simulator (answering at once) records the CreateAccountAssignment call. The
// baseline is one sso-admin round trip (ListInstances) in the same run, from a client of the same
// configuration without Latchkey's pacing (which would make 60 back-to-back calls wait their turns).

import { ListInstancesCommand, SSOAdminClient } from '@aws-sdk/client-sso-admin';
import type { Figure } from './support/figure.js';
import { progress, progressDone } from './support/progress.js';
import { sleep } from './support/serve-process.js';
import { median, ms, percentile } from './support/stats.js';
import { type BenchSystem, startBenchSystem } from './support/system.js';
import { benchUserId } from './support/world.js';

const SAMPLES = 30;
const ROUND_TRIPS = 60;
const APPROVALS = 'C0APPROVALS';

export async function approvalLatency(): Promise<Figure[]> {
  const system = await startBenchSystem({ people: SAMPLES, provisioningMs: 0 });
  try {
    const roundTrips: number[] = [];
    const bare = new SSOAdminClient({
      region: system.config.identityCenter.region,
      endpoint: system.ic.url,
      credentials: system.aws.clients.ssoAdmin.config.credentials,
    });
    try {
      for (let i = 0; i < ROUND_TRIPS; i++) {
        const t0 = performance.now();
        await bare.send(new ListInstancesCommand({}));
        roundTrips.push(performance.now() - t0);
      }
    } finally {
      bare.destroy();
    }
    // One approval first, not counted: caches (Slack users, the permission set) fill as in a running bot.
    await approveOne(system, 0);
    await system.latchkey.dispatcher.idle();
    const latencies: number[] = [];
    for (let i = 1; i <= SAMPLES - 1; i++) {
      latencies.push(await approveOne(system, i));
      progress('approvals', i, SAMPLES - 1);
      await system.latchkey.dispatcher.idle();
    }
    progressDone();
    const rtt = median(roundTrips);
    const took = median(latencies);
    return [
      {
        benchmark: 'Approval → CreateAccountAssignment',
        figure: `median of ${latencies.length} (p90)`,
        value: `${ms(took)} (${ms(percentile(latencies, 90))})`,
        baseline: `sso-admin round trip ${ms(rtt)}`,
        versus: `+${ms(took - rtt)}`,
        target: '≤ 50 ms over the round trip',
        pass: took - rtt <= 50,
      },
    ];
  } finally {
    await system.close();
  }
}

/** Asks as bench<i>, waits for the request message, clicks Approve as Bob; answers ms until Create. */
async function approveOne(system: BenchSystem, i: number): Promise<number> {
  const { slack, ic } = system;
  const before = slack.workspace.history(APPROVALS).length;
  const asked = await slack.sender.runSlashCommand(
    benchUserId(i),
    'C0GENERAL',
    `bench-read 1h approval ${i}`,
  );
  if (asked.delivery.status !== 200) throw new Error(`/access answered ${asked.delivery.status}`);
  const message = await until(5000, () => {
    const history = slack.workspace.history(APPROVALS);
    return history.length > before ? history.at(-1) : undefined;
  });
  // The message is posted just before the grant is stored: let the write land.
  await sleep(50);
  const creates = ic.sim.callsTo('CreateAccountAssignment').length;
  const clicked = Date.now();
  const click = await slack.sender.clickButton('U0BOB', APPROVALS, message.ts, 'latchkey_approve');
  if (click.delivery.status !== 200) throw new Error(`the click answered ${click.delivery.status}`);
  const call = await until(5000, () => ic.sim.callsTo('CreateAccountAssignment')[creates], 1);
  return call.at - clicked;
}

async function until<T>(timeoutMs: number, probe: () => T | undefined, everyMs = 5): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`nothing within ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}
