// `latchkey serve`: the bot and the sweeper in one process, against a real workspace or, with no Slack
// credentials, against the sandbox's simulated one.

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { loadConfig } from '../config/load.js';
import type { ServiceDeps } from '../service/deps.js';
import { type Scheduler, startScheduler } from '../service/scheduler.js';
import { DEFAULT_SWEEP } from '../service/sweeper.js';
import { SAMPLE_CONFIG, type Sandbox, startSandbox } from '../sim/sandbox.js';
import { createBoltApp, registerListeners } from '../slack/app.js';
import { openStore } from '../store/open.js';
import type { Environment } from './environment.js';
import { connectIdentityCenter } from './identity-center.js';
import { assembleService } from './service.js';

export interface Running {
  deps: ServiceDeps;
  /** The port the bot listens on (HTTP mode). */
  port: number | undefined;
  sandbox: Sandbox | undefined;
  scheduler: Scheduler;
  stop(): Promise<void>;
}

export async function serve(env: Environment, log: Logger): Promise<Running> {
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
  const bolt = createBoltApp({
    botToken: slack.botToken,
    apiUrl: slack.apiUrl,
    transport:
      slack.kind === 'socket'
        ? { kind: 'socket', appToken: slack.appToken }
        : { kind: 'http', signingSecret: slack.signingSecret, port: env.port },
    log,
  });
  const { deps, dispatcher } = assembleService({
    config,
    store: opened.store,
    identityCenter,
    slack: bolt.client,
    log,
  });
  registerListeners(bolt, {
    service: deps,
    approveReaction: config.slack.approveReaction,
    denyReaction: config.slack.denyReaction,
    log,
  });

  // The embedded store can be opened by one process only, so whatever is in flight is ours to finish now.
  const scheduler = startScheduler(deps, { ...DEFAULT_SWEEP, backstopMs: 30_000, takeOver: !env.table });
  dispatcher.bind(deps, (grantId) => {
    void deps.store.get(grantId).then((grant) => grant?.expiresAt && scheduler.poke(grant.expiresAt));
  });

  const server = (await bolt.start()) as Server | undefined;
  const port = slack.kind === 'http' ? (server?.address() as AddressInfo | null)?.port : undefined;
  if (sandbox && port) sandbox.setBotUrl(`http://127.0.0.1:${port}/slack/events`);
  log.info(
    { mode: env.mode, store: opened.description, port, entitlements: config.entitlements.length },
    'latchkey is ready',
  );

  return {
    deps,
    port,
    sandbox,
    scheduler,
    stop: async () => {
      await bolt.stop();
      await scheduler.stop();
      await dispatcher.idle();
      await sandbox?.close();
      await opened.close();
    },
  };
}
