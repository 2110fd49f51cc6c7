// `latchkey serve`: the bot and the sweeper in one process, against a real workspace or, with no Slack
// credentials, against the sandbox's simulated one.

import type { Logger } from 'pino';
import { loadConfig } from '../config/load.js';
import { SAMPLE_CONFIG, type Sandbox, startSandbox } from '../sim/sandbox.js';
import { openStore } from '../store/open.js';
import type { Environment } from './environment.js';
import { connectIdentityCenter } from './identity-center.js';
import { type RunningLatchkey, startLatchkey } from './latchkey.js';

export interface Serving extends RunningLatchkey {
  sandbox: Sandbox | undefined;
}

export async function serve(env: Environment, log: Logger): Promise<Serving> {
  const sandbox = env.mode === 'sandbox' ? await startSandbox({ port: env.sandboxPort }) : undefined;
  const config = await loadConfig(env.configPath ?? (sandbox ? SAMPLE_CONFIG : './latchkey.yml'));
  const opened = await openStore({
    table: env.table,
    dataDir: env.dataDir,
    region: config.identityCenter.region,
  });
  const { identityCenter } = connectIdentityCenter(config, sandbox?.identityCenterUrl);
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
    slack,
    port: env.port,
    log,
    // The embedded store can be opened by one process only, so whatever is in flight is ours to finish now.
    scheduler: { takeOver: !env.table },
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
