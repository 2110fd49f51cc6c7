// Resident memory of `latchkey serve` (a child process in real mode) holding 10,000 active grants,
// against the same process on an empty store, in the same run. The grants end hours from now, so they sit
// in the store the whole time; VmRSS is read from /proc after forced garbage collections.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIdentityCenterSim } from '../src/sim/identity-center/index.js';
import { startSlackSim } from '../src/sim/slack/index.js';
import type { Figure } from './support/figure.js';
import { note } from './support/progress.js';
import { sleep, startServe } from './support/serve-process.js';
import { mb } from './support/stats.js';
import { seedStore } from './support/stored-world.js';
import {
  BOT_TOKEN,
  identityCenterSeed,
  PRODUCTION,
  SIGNING_SECRET,
  slackOrg,
  writeBenchConfig,
} from './support/world.js';

const GRANTS = 10_000;
/** How long each process runs before its memory is read: a few sweeper passes and timers. */
const RUN_MS = 5000;

export async function residentMemory(): Promise<Figure[]> {
  const dir = await mkdtemp(join(tmpdir(), 'latchkey-bench-memory-'));
  const slack = await startSlackSim({
    org: await slackOrg(0),
    signingSecret: SIGNING_SECRET,
    botToken: BOT_TOKEN,
  });
  const ic = await startIdentityCenterSim({ seed: await identityCenterSeed(0), provisioningMs: 1000 });
  try {
    const configPath = await writeBenchConfig(dir);
    const measure = async (dataDir: string) => {
      const serve = await startServe({
        slackApiUrl: slack.apiUrl,
        identityCenterUrl: ic.url,
        configPath,
        dataDir,
      });
      try {
        await sleep(RUN_MS);
        return await serve.settledRss();
      } finally {
        await serve.stop();
      }
    };
    const empty = await measure(join(dir, 'empty'));
    note(`empty store: ${mb(empty)}`);

    const fullDir = join(dir, 'full');
    const arn = ic.sim.permissionSetArn('ReadOnlyAccess')!;
    const now = Date.now();
    await seedStore(
      fullDir,
      { kind: 'permissionSet', accountId: PRODUCTION, permissionSetArn: arn },
      Array.from({ length: GRANTS }, (_, i) => ({
        requester: 'U0ALICE',
        principalId: `bench-principal-${i}`,
        activatedAt: now - 60_000,
        durationSec: 4 * 3600 + (i % 3600),
      })),
    );
    const full = await measure(fullDir);
    const extra = full - empty;
    return [
      {
        benchmark: 'Resident memory (serve)',
        figure: `VmRSS holding ${GRANTS.toLocaleString('en')} active grants`,
        value: mb(full),
        baseline: `no grants ${mb(empty)}`,
        versus: `${extra >= 0 ? '+' : ''}${mb(extra)}`,
        target: '≤ +100 MB',
        pass: extra <= 100 * 1024 * 1024,
      },
    ];
  } finally {
    await slack.close();
    await ic.close();
    await rm(dir, { recursive: true, force: true });
  }
}
