// The baseline of the ack benchmark, run as its own process: a bare Bolt app built as Latchkey builds its
// own (the default HTTPReceiver, from a signing secret), whose `/access` handler only acknowledges.
// Prints `ready <port>` once it listens.

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { BOT_TOKEN, SIGNING_SECRET } from './world.js';

const app = new App({
  token: BOT_TOKEN,
  signingSecret: SIGNING_SECRET,
  logLevel: LogLevel.ERROR,
  ...(process.env.SLACK_API_URL && { clientOptions: { slackApiUrl: process.env.SLACK_API_URL } }),
});
app.command('/access', async ({ ack }) => {
  await ack();
});
const server = (await app.start(0)) as Server;
process.stdout.write(`ready ${(server.address() as AddressInfo).port}\n`);
process.once('SIGTERM', () => {
  void app.stop().then(() => process.exit(0));
});
