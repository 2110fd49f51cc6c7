// Slack ack latency: 2,000 signed `/access` one-liners, 50 in flight, sent by the Slack simulator to
// `latchkey serve` (a child process in real mode) and, in the same run, to a bare Bolt app on the same
// receiver whose handler only acks. Each one-liner is a real request (`bench-read 30m …`), so the work
// that follows each ack (store writes, Slack posts, Identity Center look-ups) competes with later acks.
// The sender holds one connection per request in flight, opened by the warm-up, for both apps alike.

import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, getGlobalDispatcher, setGlobalDispatcher } from 'undici';
import { AWS_QUOTAS, startIdentityCenterSim } from '../src/sim/identity-center/index.js';
import { type SlackSim, startSlackSim } from '../src/sim/slack/index.js';
import { stopChild, track } from './support/children.js';
import type { Figure } from './support/figure.js';
import { type LoadResult, runBounded } from './support/load.js';
import { note } from './support/progress.js';
import { REPO_ROOT, startServe } from './support/serve-process.js';
import { ms, percentile } from './support/stats.js';
import {
  BOT_TOKEN,
  benchUserId,
  identityCenterSeed,
  SIGNING_SECRET,
  slackOrg,
  writeBenchConfig,
} from './support/world.js';

const TOTAL = 2000;
const IN_FLIGHT = 50;
const WARM_UP = 100;
const PEOPLE = 50;
const DEADLINE_MS = 50_000;

export async function ackLatency(): Promise<Figure[]> {
  // Node's fetch opens another connection whenever a request is sent before the previous answer's
  // connection is back in its pool: 0 to 50 new ones in a measured burst, at random. A busy server
  // accepts a new connection only between its other work, so those few requests made the p99 and
  // it moved from run to run with their number. A fixed set, the same for both apps, measures the
  // apps instead.
  const previous = getGlobalDispatcher();
  setGlobalDispatcher(new Agent({ connections: IN_FLIGHT }));
  const dir = await mkdtemp(join(tmpdir(), 'latchkey-bench-ack-'));
  const slack = await startSlackSim({
    org: await slackOrg(PEOPLE),
    signingSecret: SIGNING_SECRET,
    botToken: BOT_TOKEN,
  });
  const ic = await startIdentityCenterSim({
    seed: await identityCenterSeed(PEOPLE),
    quotas: AWS_QUOTAS,
    provisioningMs: 1000,
  });
  try {
    const configPath = await writeBenchConfig(dir);

    const bare = await startBareBolt(slack.apiUrl);
    let baseline: LoadResult;
    try {
      slack.setBotUrl(bare.url);
      baseline = await fire(slack, 'bare Bolt (baseline)');
    } finally {
      await bare.stop();
    }

    const serve = await startServe({
      slackApiUrl: slack.apiUrl,
      identityCenterUrl: ic.url,
      configPath,
      dataDir: join(dir, 'data'),
    });
    let latchkey: LoadResult;
    try {
      slack.setBotUrl(serve.botUrl);
      latchkey = await fire(slack, 'latchkey serve');
    } finally {
      await serve.stop();
    }

    const failures = latchkey.errors.length + latchkey.skipped + baseline.errors.length + baseline.skipped;
    if (failures > 0)
      note(`failed or skipped: ${failures} (first error: ${[...latchkey.errors, ...baseline.errors][0]})`);
    const [b50, b99, l50, l99] = [
      percentile(baseline.latencies, 50),
      percentile(baseline.latencies, 99),
      percentile(latchkey.latencies, 50),
      percentile(latchkey.latencies, 99),
    ] as number[] as [number, number, number, number];
    const ratio = l99 / b99;
    return [
      {
        benchmark: 'Slack ack',
        figure: `p50 / p99, ${TOTAL} /access at ${IN_FLIGHT} in flight`,
        value: `${ms(l50)} / ${ms(l99)} (${(TOTAL / (latchkey.wallMs / 1000)).toFixed(0)} req/s)`,
        baseline: `bare Bolt ${ms(b50)} / ${ms(b99)}`,
        versus: `p50 ×${(l50 / b50).toFixed(2)}, p99 ×${ratio.toFixed(2)}`,
        target: 'p99 ≤ 1.5 × baseline, no failures',
        pass: ratio <= 1.5 && failures === 0,
      },
    ];
  } finally {
    await slack.close();
    await ic.close();
    await rm(dir, { recursive: true, force: true });
    setGlobalDispatcher(previous);
  }
}

/** A warm-up (not counted), then the measured burst. A delivery Slack would count as failed throws. */
async function fire(slack: SlackSim, label: string): Promise<LoadResult> {
  const send = async (i: number) => {
    const user = benchUserId(i % PEOPLE);
    const { delivery } = await slack.sender.runSlashCommand(
      user,
      'C0GENERAL',
      `bench-read 30m load test ${i}`,
    );
    if (delivery.status !== 200) throw new Error(`HTTP ${delivery.status}: ${delivery.body.slice(0, 80)}`);
    return delivery.ms;
  };
  await runBounded(`${label} warm-up`, WARM_UP, IN_FLIGHT, DEADLINE_MS, send);
  return runBounded(label, TOTAL, IN_FLIGHT, DEADLINE_MS, send);
}

async function startBareBolt(apiUrl: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child = track(
    spawn(process.execPath, ['--import', 'tsx', 'bench/support/bare-bolt.ts'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', SLACK_API_URL: apiUrl },
    }),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the bare Bolt app did not start')), 30_000);
    let seen = '';
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      seen += chunk;
      const port = /ready (\d+)/.exec(seen)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve(Number(port));
      }
    });
    child.once('exit', (code) => reject(new Error(`the bare Bolt app exited (${code})`)));
  });
  return { url: `http://127.0.0.1:${port}/slack/events`, stop: () => stopChild(child) };
}
