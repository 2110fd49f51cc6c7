// `/access list all` with 10,000 active grants in the store: the Slack simulator sends the command (signed,
// over HTTP) to the in-process bot 30 times, one after another, after 3 uncounted ones; each is timed from
// sending it until the listing is in the channel. The listing must keep within Block Kit's limits (50
// blocks a message, 3,000 characters a text), which the simulator enforces.

import { performance } from 'node:perf_hooks';
import type { Figure } from './support/figure.js';
import { progress, progressDone } from './support/progress.js';
import { writeActiveGrants } from './support/seed-grants.js';
import { ms, percentile } from './support/stats.js';
import { startBenchSystem } from './support/system.js';
import { benchUserId, benchUserName, entitlementOf, PRODUCTION, READ_ONLY } from './support/world.js';

const GRANTS = 10_000;
const PEOPLE = 200;
const RUNS = 30;
const CHANNEL = 'C0GENERAL';

export async function listAll(): Promise<Figure[]> {
  const system = await startBenchSystem({ people: PEOPLE, provisioningMs: 0 });
  try {
    const { ic, db, config, aws, slack } = system;
    const target = await aws.identityCenter.resolveTarget({
      kind: 'permissionSet',
      accountId: PRODUCTION,
      permissionSet: READ_ONLY,
    });
    const now = Date.now();
    const specs = Array.from({ length: GRANTS }, (_, i) => ({
      requester: benchUserId(i % PEOPLE),
      principalId: ic.sim.userId(benchUserName(i % PEOPLE))!,
      activatedAt: now - 60_000,
      durationSec: 3600 + i,
    }));
    await writeActiveGrants(db.store, entitlementOf(config, 'bench-auto'), target, specs, (done) => {
      if (done % 100 === 0) progress('seeding active grants', done, GRANTS);
    });
    progressDone();

    const latencies: number[] = [];
    const biggest = { blocks: 0, text: 0 };
    for (let run = 0; run < RUNS + 3; run++) {
      const before = slack.workspace.history(CHANNEL).length;
      const started = performance.now();
      const { delivery } = await slack.sender.runSlashCommand(benchUserId(0), CHANNEL, 'list all');
      if (delivery.status !== 200) throw new Error(`the command was answered ${delivery.status}`);
      for (;;) {
        const posted = slack.workspace.history(CHANNEL).slice(before);
        if (posted.length > 0) {
          const blocks = (posted[0]!.blocks ?? []) as { text?: { text?: string } }[];
          biggest.blocks = Math.max(biggest.blocks, blocks.length);
          for (const b of blocks) biggest.text = Math.max(biggest.text, b.text?.text?.length ?? 0);
          break;
        }
        if (performance.now() - started > 30_000) throw new Error('no listing within 30 s');
        await new Promise((r) => setTimeout(r, 5));
      }
      if (run >= 3) latencies.push(performance.now() - started);
      progress('/access list all', run + 1, RUNS + 3);
    }
    progressDone();
    const p99 = percentile(latencies, 99);
    return [
      {
        benchmark: '/access list all',
        figure: `${GRANTS.toLocaleString('en')} active grants: command sent → listing in the channel, p50 / p99 of ${RUNS}`,
        value: `${ms(percentile(latencies, 50))} / ${ms(p99)}; ${biggest.blocks} blocks, longest text ${biggest.text} chars`,
        baseline: 'Block Kit: 50 blocks, 3,000 chars a text',
        versus: '—',
        target: 'reported (within Block Kit’s limits)',
        pass: biggest.blocks <= 50 && biggest.text <= 3000 ? undefined : false,
      },
    ];
  } finally {
    await system.close();
  }
}
