// Telling a person something in a channel, privately: an ephemeral message there, or their direct message
// when there is no channel or Slack refuses the ephemeral, with the fallback logged as it deserves.

import { Writable } from 'node:stream';
import { ErrorCode, type WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/runtime/logger.js';
import { tellInChannel } from '../../src/slack/tell.js';

const INFO = 30;
const WARN = 40;

/** A Web API client that records what was sent; chat.postEphemeral fails with `ephemeralFails` when given. */
function slack(ephemeralFails?: Error) {
  const sent: { method: string; channel: string; text: string }[] = [];
  const client = {
    conversations: { open: async () => ({ ok: true, channel: { id: 'D0ALICE' } }) },
    chat: {
      postEphemeral: async (args: { channel: string; text: string }) => {
        if (ephemeralFails) throw ephemeralFails;
        sent.push({ method: 'chat.postEphemeral', channel: args.channel, text: args.text });
        return { ok: true };
      },
      postMessage: async (args: { channel: string; text: string }) => {
        sent.push({ method: 'chat.postMessage', channel: args.channel, text: args.text });
        return { ok: true };
      },
    },
  } as unknown as WebClient;
  return { client, sent };
}

/** What the Web API client throws when Slack answers `ok: false`. */
function refusal(code: string): Error {
  return Object.assign(new Error(`An API error occurred: ${code}`), {
    code: ErrorCode.PlatformError,
    data: { ok: false, error: code },
  });
}

function logger() {
  const lines: { level: number; msg: string; [key: string]: unknown }[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, log: createLogger('debug', stream) };
}

describe('Function: tellInChannel', () => {
  it('posts an ephemeral message in the channel, and nothing else', async () => {
    const { client, sent } = slack();
    const { lines, log } = logger();

    await tellInChannel(client, log, { user: 'U0ALICE', channel: 'C0GENERAL' }, 'no');

    expect(sent).toEqual([{ method: 'chat.postEphemeral', channel: 'C0GENERAL', text: 'no' }]);
    expect(lines).toEqual([]);
  });

  it('without a channel, writes the direct message', async () => {
    const { client, sent } = slack();
    const { lines, log } = logger();

    await tellInChannel(client, log, { user: 'U0ALICE', channel: undefined }, 'no');

    expect(sent).toEqual([{ method: 'chat.postMessage', channel: 'D0ALICE', text: 'no' }]);
    expect(lines).toEqual([]);
  });

  for (const code of ['not_in_channel', 'user_not_in_channel', 'channel_not_found', 'is_archived']) {
    it(`when Slack answers ${code}, writes the direct message and logs it as information`, async () => {
      const { client, sent } = slack(refusal(code));
      const { lines, log } = logger();

      await tellInChannel(client, log, { user: 'U0ALICE', channel: 'C0GENERAL' }, 'no');

      expect(sent).toEqual([{ method: 'chat.postMessage', channel: 'D0ALICE', text: 'no' }]);
      expect(lines).toMatchObject([{ level: INFO, user: 'U0ALICE', channel: 'C0GENERAL', slackError: code }]);
    });
  }

  it('when Slack refuses the ephemeral otherwise, writes the direct message and warns', async () => {
    const { client, sent } = slack(refusal('restricted_action'));
    const { lines, log } = logger();

    await tellInChannel(client, log, { user: 'U0ALICE', channel: 'C0GENERAL' }, 'no');

    expect(sent).toEqual([{ method: 'chat.postMessage', channel: 'D0ALICE', text: 'no' }]);
    expect(lines).toMatchObject([{ level: WARN, slackError: 'restricted_action' }]);
  });

  it('when Slack is out of reach, tries no direct message and leaves the failure to the caller', async () => {
    const unreachable = Object.assign(new Error('connect ECONNREFUSED'), { code: ErrorCode.RequestError });
    const { client, sent } = slack(unreachable);
    const { lines, log } = logger();

    await expect(tellInChannel(client, log, { user: 'U0ALICE', channel: 'C0GENERAL' }, 'no')).rejects.toBe(
      unreachable,
    );

    expect(sent).toEqual([]);
    expect(lines).toEqual([]);
  });
});
