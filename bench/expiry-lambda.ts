// Expiry lateness on the Lambda path: the sweeper's real handler (src/lambda/sweeper.ts) invoked through
// Lambda's Invoke API (asynchronously, as EventBridge does) on a simulated one-minute schedule, with the
// function's real timeout, against the real SDK clients: dynalite, the Identity Center simulator (AWS
// quotas on, 1 s provisioning), the Slack simulator, a Secrets Manager stand-in. 200 active grants end
// evenly across 3 minutes, each person holding the access. EventBridge fires a scheduled target at some
// second within each minute, so the schedule fires at chosen seconds, among them 2 s into one minute and
// 58 s into the next: two runs almost two minutes apart, the worst handover, while grants end. Everything runs in real time.
// Lateness is when the grant was expired (its `expired` audit event, when the revocation began) minus its
// end; when the access was gone (the `revoked` event) is reported beside it.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { ENV } from '../src/lambda/runtime.js';
import { SWEEP_EVERY_MS, SWEEPER_TIMEOUT_MS } from '../src/lambda/sweep-window.js';
import { AWS_QUOTAS, startIdentityCenterSim } from '../src/sim/identity-center/index.js';
import { startSlackSim } from '../src/sim/slack/index.js';
import { functionArn, REGION } from '../test/support/lambda/context.js';
import { startLambdaService } from '../test/support/lambda/lambda-service.js';
import { startSecretsManager } from '../test/support/lambda/secrets-manager.js';
import { startTestStore } from '../test/support/store.js';
import type { Figure } from './support/figure.js';
import { progress, progressDone } from './support/progress.js';
import { writeActiveGrants } from './support/seed-grants.js';
import { sleep } from './support/serve-process.js';
import { ms, percentile } from './support/stats.js';
import {
  BOT_TOKEN,
  benchConfig,
  benchUserId,
  benchUserName,
  entitlementOf,
  identityCenterSeed,
  PRODUCTION,
  SIGNING_SECRET,
  slackOrg,
  writeBenchConfig,
} from './support/world.js';

const GRANTS = 200;
const SPREAD_MS = 3 * 60_000;
/** Time to seed and start before the first grant ends. */
const LEAD_MS = 20_000;
/** The second within each minute at which the schedule fires, minute after minute (then repeated). */
const FIRE_AT_SEC = [40, 2, 58, 20, 45];
const SWEEPER = 'latchkey-sweeper';
const TABLE = 'latchkey-test';
const SECRET_ARN = `arn:aws:secretsmanager:${REGION}:123456789012:secret:latchkey-slack-Bench1`;

export async function expiryLatenessLambda(): Promise<Figure[]> {
  const dir = await mkdtemp(join(tmpdir(), 'latchkey-bench-lambda-'));
  const slack = await startSlackSim({
    org: await slackOrg(GRANTS),
    signingSecret: SIGNING_SECRET,
    botToken: BOT_TOKEN,
  });
  const ic = await startIdentityCenterSim({
    seed: await identityCenterSeed(GRANTS, GRANTS),
    quotas: AWS_QUOTAS,
    provisioningMs: 1000,
  });
  const db = await startTestStore();
  const secrets = await startSecretsManager([
    { arn: SECRET_ARN, secretString: JSON.stringify({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET }) },
  ]);
  const lambda = await startLambdaService();
  const savedEnv = { ...process.env };
  const client = new LambdaClient({ region: REGION, endpoint: lambda.url });
  try {
    Object.assign(process.env, {
      [ENV.table]: TABLE,
      [ENV.slackSecretArn]: SECRET_ARN,
      [ENV.workerFunction]: functionArn('latchkey-worker'),
      [ENV.config]: await writeBenchConfig(dir),
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: 'ASIALATCHKEYBENCH001',
      AWS_SECRET_ACCESS_KEY: 'bench-secret',
      AWS_SESSION_TOKEN: 'bench-session',
      AWS_ENDPOINT_URL_SSO_ADMIN: ic.url,
      AWS_ENDPOINT_URL_IDENTITYSTORE: ic.url,
      AWS_ENDPOINT_URL_STS: ic.url,
      AWS_ENDPOINT_URL_DYNAMODB: db.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
      SLACK_API_URL: slack.apiUrl,
      LATCHKEY_LOG_LEVEL: 'silent',
    });
    const sweeper = await import('../src/lambda/sweeper.js');
    lambda.deploy(SWEEPER, (event, context) => sweeper.handler(event as never, context), {
      timeoutMs: SWEEPER_TIMEOUT_MS,
    });

    const arn = ic.sim.permissionSetArn('ReadOnlyAccess');
    if (!arn) throw new Error('the simulator has no ReadOnlyAccess');
    const firstEnd = Date.now() + LEAD_MS;
    const durationSec = 600;
    const seeded = await writeActiveGrants(
      db.store,
      entitlementOf(await benchConfig(), 'bench-auto'),
      { kind: 'permissionSet', accountId: PRODUCTION, permissionSetArn: arn },
      Array.from({ length: GRANTS }, (_, i) => {
        const endsAt = firstEnd + Math.round((i * SPREAD_MS) / (GRANTS - 1));
        return {
          requester: benchUserId(i),
          principalId: ic.sim.userId(benchUserName(i))!,
          activatedAt: endsAt - durationSec * 1000,
          durationSec,
        };
      }),
      (done) => progress('seeding active grants', done, GRANTS),
    );
    progressDone();
    if (Date.now() > firstEnd - 5000) throw new Error('seeding took longer than the lead time');

    // The schedule: once a minute, at the chosen second of each minute, from this minute until the one
    // in which the last grant ends. In a running deployment the schedule predates any grant's end: the run
    // of the minute before is watching when this one begins. So the schedule starts with that run, fired
    // now; otherwise the grants ending before this minute's chosen second would wait for it, up to the
    // 20 s of lead, which says when the bench started rather than how late Latchkey is.
    const lastEnd = firstEnd + SPREAD_MS;
    const fired: number[] = [];
    const schedule = (async () => {
      const firstMinute = Math.floor(Date.now() / SWEEP_EVERY_MS);
      for (let k = -1; firstMinute + k <= Math.floor(lastEnd / SWEEP_EVERY_MS); k++) {
        const second = k < 0 ? 0 : (FIRE_AT_SEC[k % FIRE_AT_SEC.length] ?? 0);
        const at = (firstMinute + k) * SWEEP_EVERY_MS + second * 1000;
        // A minute whose second has passed when the bench starts (the one before, at least) fires at once.
        await sleep(Math.max(0, at - Date.now()));
        fired.push(Date.now());
        const event = {
          source: 'aws.events',
          'detail-type': 'Scheduled Event',
          time: new Date().toISOString(),
        };
        await client.send(
          new InvokeCommand({
            FunctionName: SWEEPER,
            InvocationType: 'Event',
            Payload: new TextEncoder().encode(JSON.stringify(event)),
          }),
        );
      }
    })();

    const deadline = lastEnd + 30_000;
    for (;;) {
      const gone = seeded.filter((g) => ic.sim.assignmentsOf(g.aws.principalId!).length === 0).length;
      progress('grants whose access is gone', gone, GRANTS);
      if (gone === GRANTS || Date.now() > deadline) break;
      await sleep(1000);
    }
    progressDone();
    await schedule;
    // The last runs watch until their window ends; their passes find nothing more to do.
    await lambda.idle();
    const failed = lambda.invocations.filter((i) => i.outcome && !i.outcome.ok).length;

    const grants = (await Promise.all(seeded.map((g) => db.store.get(g.id)))).filter((g) => g !== undefined);
    const at = (action: string) =>
      grants.flatMap((g) => {
        const event = g.events.find((e) => e.action === action);
        return event && g.expiresAt !== undefined ? [event.at - g.expiresAt] : [];
      });
    const expired = at('expired');
    const revoked = at('revoked');
    const missing = GRANTS - expired.length;
    const early = expired.filter((lateness) => lateness < 0).length;
    const p99 = percentile(expired, 99);
    const gaps = fired.slice(1).map((t, i) => t - (fired[i] ?? t));
    return [
      {
        benchmark: 'Expiry lateness (Lambda)',
        figure: `${GRANTS} grants ending across ${SPREAD_MS / 60_000} min, sweeper run every minute (${fired.length} runs): expired after end, p50 / p99 / max`,
        value: `${ms(percentile(expired, 50))} / ${ms(p99)} / ${ms(Math.max(...expired))}; access gone p99 ${ms(percentile(revoked, 99))}`,
        baseline: `runs up to ${(Math.max(...gaps) / 1000).toFixed(0)} s apart`,
        versus: `${missing} not expired, ${GRANTS - revoked.length} not revoked, ${early} early, ${failed} failed runs`,
        target: 'p99 ≤ 2 s',
        pass: missing === 0 && early === 0 && failed === 0 && p99 <= 2000,
      },
    ];
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
    Object.assign(process.env, savedEnv);
    client.destroy();
    await lambda.close();
    await secrets.close();
    await slack.close();
    await ic.close();
    await db.close();
    await rm(dir, { recursive: true, force: true });
  }
}
