// Test helpers for the simulated Slack workspace: the sandbox organisation, a simulator bound to a
// WebClient, and a minimal real Bolt app listening on a free port with the simulator's signing secret.

import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { type Logger, WebClient, type WebClientOptions } from '@slack/web-api';
import { parse as parseYaml } from 'yaml';
import { type SlackSim, type SlackSimOptions, startSlackSim } from '../../src/sim/slack/index.js';

export const SIGNING_SECRET = 'sim-signing-secret-0123456789abcdef';
export const BOT_TOKEN = 'xoxb-sim-0000-latchkey';

export async function sandboxOrg(): Promise<unknown> {
  const path = new URL('../../examples/sandbox/org.yml', import.meta.url);
  return parseYaml(await readFile(path, 'utf8'));
}

export async function startSim(options: Partial<SlackSimOptions> = {}): Promise<SlackSim> {
  return startSlackSim({
    org: await sandboxOrg(),
    signingSecret: SIGNING_SECRET,
    botToken: BOT_TOKEN,
    ...options,
  });
}

/** Keeps the client's echo of Slack's warning messages out of the test output. */
export const quietLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

/** A WebClient aimed at the simulator; no retries unless a test asks for them. */
export function webClient(sim: SlackSim, options: WebClientOptions = {}, token = BOT_TOKEN): WebClient {
  return new WebClient(token, {
    slackApiUrl: sim.apiUrl,
    logger: quietLogger,
    retryConfig: { retries: 0 },
    ...options,
  });
}

export interface BoltUnderTest {
  app: App;
  url: string;
  close(): Promise<void>;
}

/** A real Bolt app over HTTP whose Web API calls go to the simulator; the simulator sends to it. */
export async function startBolt(sim: SlackSim, register: (app: App) => void): Promise<BoltUnderTest> {
  const receiver = new HTTPReceiver({ signingSecret: SIGNING_SECRET, logLevel: LogLevel.ERROR });
  const app = new App({
    token: BOT_TOKEN,
    receiver,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: sim.apiUrl, retryConfig: { retries: 0 } },
  });
  register(app);
  const server = await app.start(0);
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/slack/events`;
  sim.setBotUrl(url);
  return {
    app,
    url,
    close: async () => {
      server.closeAllConnections();
      await app.stop();
    },
  };
}

/** A promise a listener resolves, for assertions on what Bolt handed to it. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
