// The whole system in this process, for the benchmarks that time Latchkey's own steps rather than a
// process: the Slack simulator, the Identity Center simulator, dynalite over HTTP and the real Bolt app,
// grant service and clients, all on loopback, all on the bench world (see world.ts).

import type { Config } from '../../src/config/schema.js';
import { connectIdentityCenter, type IdentityCenterParts } from '../../src/runtime/identity-center.js';
import { type RunningLatchkey, startLatchkey } from '../../src/runtime/latchkey.js';
import { createLogger } from '../../src/runtime/logger.js';
import {
  type QuotaOptions,
  type RunningSim,
  startIdentityCenterSim,
} from '../../src/sim/identity-center/index.js';
import { type SlackSim, startSlackSim } from '../../src/sim/slack/index.js';
import { startTestStore, type TestStore } from '../../test/support/store.js';
import { BOT_TOKEN, benchConfig, identityCenterSeed, SIGNING_SECRET, slackOrg } from './world.js';

export interface BenchSystemOptions {
  /** People in both Slack and Identity Center (bench0…). */
  people: number;
  /** How many of them hold bench access in Identity Center already. */
  assigned?: number;
  quotas?: QuotaOptions;
  provisioningMs: number;
}

export interface BenchSystem {
  config: Config;
  slack: SlackSim;
  ic: RunningSim;
  aws: IdentityCenterParts;
  db: TestStore;
  latchkey: RunningLatchkey;
  close(): Promise<void>;
}

export async function startBenchSystem(options: BenchSystemOptions): Promise<BenchSystem> {
  const config = await benchConfig();
  const ic = await startIdentityCenterSim({
    seed: await identityCenterSeed(options.people, options.assigned ?? 0),
    provisioningMs: options.provisioningMs,
    ...(options.quotas && { quotas: options.quotas }),
  });
  const slack = await startSlackSim({
    org: await slackOrg(options.people),
    signingSecret: SIGNING_SECRET,
    botToken: BOT_TOKEN,
  });
  const db = await startTestStore();
  const aws = connectIdentityCenter(config, ic.url);
  const latchkey = await startLatchkey({
    config,
    store: db.store,
    identityCenter: aws.identityCenter,
    slack: { kind: 'http', botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: slack.apiUrl },
    port: 0,
    log: createLogger('silent'),
    // The sweeper benchmarks run their own passes.
    scheduler: { backstopMs: 3_600_000 },
  });
  slack.setBotUrl(`http://127.0.0.1:${latchkey.port}/slack/events`);
  return {
    config,
    slack,
    ic,
    aws,
    db,
    latchkey,
    close: async () => {
      await latchkey.stop();
      await slack.close();
      await ic.close();
      await db.close();
    },
  };
}
