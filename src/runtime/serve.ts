// `latchkey serve`: the bot and the sweeper in one process, against a real workspace or, with no Slack
// credentials, against the sandbox's simulated one. The simulators are loaded only in sandbox mode, by
// the one dynamic import below: production code never imports src/sim (biome.json enforces it).

import type { Logger } from 'pino';
import { loadConfig } from '../config/load.js';
import { openStore } from '../store/open.js';
import { cloudTrailSource } from './activity.js';
import { type Environment, EnvironmentError } from './environment.js';
import { connectIdentityCenter } from './identity-center.js';
import { type RunningLatchkey, startLatchkey } from './latchkey.js';
import { connectOrganizations } from './organizations.js';
import { connectPagerDuty } from './pagerduty.js';

export interface Serving extends RunningLatchkey {
  /** In sandbox mode, the page to open. */
  sandbox: { pageUrl: string } | undefined;
}

export async function serve(env: Environment, log: Logger): Promise<Serving> {
  const sim =
    // biome-ignore lint/style/noRestrictedImports: sandbox mode's one way in, loaded only when it runs
    env.mode === 'sandbox' ? await import('../sim/sandbox.js') : undefined;
  const sandbox = sim ? await sim.startSandbox({ port: env.sandboxPort }) : undefined;
  const config = await loadConfig(env.configPath ?? (sim ? sim.SAMPLE_CONFIG : './latchkey.yml'));
  const opened = await openStore({
    table: env.table,
    dataDir: env.dataDir,
    region: config.identityCenter.region,
    ...(config.audit.retainSec !== undefined && { retainMs: config.audit.retainSec * 1000 }),
  });
  // Grants an earlier version wrote are moved into the per-person layout the Home tab reads. A failure
  // (a role without dynamodb:UpdateItem, say) is logged and does not keep access from ending on time.
  try {
    const moved = await opened.store.reindex();
    if (moved > 0) log.info({ moved }, 'grants moved into the per-person index layout');
  } catch (error) {
    log.error(
      { err: error },
      'could not move grants into the per-person index layout; Home tabs may miss them',
    );
  }
  const { identityCenter, clients } = connectIdentityCenter(config, sandbox?.identityCenterUrl);
  const organizations = connectOrganizations(config, clients, sandbox?.organizationsUrl);
  if (!sandbox) await assertAwsCredentials(() => clients.ssoAdmin.config.credentials());
  const slack = sandbox
    ? {
        kind: 'http' as const,
        botToken: sandbox.botToken,
        signingSecret: sandbox.signingSecret,
        apiUrl: sandbox.slackApiUrl,
      }
    : env.slack!;

  const running = await startLatchkey({
    config,
    store: opened.store,
    identityCenter,
    organizations,
    slack,
    port: env.port,
    log,
    // The embedded store can be opened by one process only, so whatever is in flight is ours to finish now.
    scheduler: { takeOver: !env.table },
    onCall: connectPagerDuty(sandbox ? sandbox.pagerduty : env.pagerduty),
    ...(sandbox &&
      config.activity && { activitySource: cloudTrailSource(config, { endpoint: sandbox.cloudTrailUrl }) }),
    ...(env.crashAt && { checkpoint: crashAt(env.crashAt, log) }),
  });
  if (sandbox && running.port) sandbox.setBotUrl(`http://127.0.0.1:${running.port}/slack/events`);
  log.info(
    {
      mode: env.mode,
      store: opened.description,
      port: running.port,
      entitlements: config.entitlements.length,
    },
    'latchkey is ready',
  );
  return {
    ...running,
    sandbox,
    stop: async () => {
      await running.stop();
      await sandbox?.close();
      await opened.close();
    },
  };
}

/** The crash tests' hook: die at once, as a power cut would, when the named step is reached. */
function crashAt(step: string, log: Logger): (reached: string) => void {
  return (reached) => {
    if (reached !== step) return;
    log.warn({ step }, 'LATCHKEY_CRASH_AT reached: killing the process');
    process.kill(process.pid, 'SIGKILL');
  };
}

/**
 * With a real workspace, AWS must be real too: fail at start, with the reason, rather than at the first
 * approval. (With `roleArn`, resolving them assumes the role, which proves that part too.)
 */
async function assertAwsCredentials(resolve: () => Promise<unknown>): Promise<void> {
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error('no answer from the credential chain within 5 s')), 5000).unref(),
  );
  try {
    await Promise.race([resolve(), timeout]);
  } catch (error) {
    throw new EnvironmentError(
      [
        `No AWS credentials: ${error instanceof Error ? error.message : String(error)}. Set them the AWS SDK's way (AWS_PROFILE, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a role, …).`,
      ],
      { cause: error },
    );
  }
}
