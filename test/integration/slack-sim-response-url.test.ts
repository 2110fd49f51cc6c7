import type { BlockAction, ButtonAction } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SlackSim } from '../../src/sim/slack/index.js';
import { type BoltUnderTest, deferred, startBolt, startSim, webClient } from '../support/slack-sim.js';

let sim: SlackSim;
let bolt: BoltUnderTest | undefined;

beforeEach(async () => {
  sim = await startSim();
});
afterEach(async () => {
  await bolt?.close();
  bolt = undefined;
  await sim.close();
});

const buttons = (actionId: string) => [
  {
    type: 'actions',
    block_id: 'b',
    elements: [{ type: 'button', action_id: actionId, text: { type: 'plain_text', text: 'Go' }, value: 'v' }],
  },
];

describe('response_url replies land where Slack puts them', () => {
  it('an ephemeral reply to a slash command is seen only by the person who typed it', async () => {
    const done = deferred<void>();
    bolt = await startBolt(sim, (app) => {
      app.command('/access', async ({ ack, respond }) => {
        await ack();
        await respond({ response_type: 'ephemeral', text: 'Request g-1 sent for approval' });
        done.resolve();
      });
    });
    await sim.sender.runSlashCommand('U0ALICE', 'C0APPROVALS', 'production 1h');
    await done.promise;
    expect(sim.workspace.ephemerals('U0ALICE', 'C0APPROVALS')).toMatchObject([
      { text: 'Request g-1 sent for approval' },
    ]);
    expect(sim.workspace.ephemerals('U0BOB')).toEqual([]);
    expect(sim.workspace.history('C0APPROVALS')).toEqual([]);
  });

  it('a slash command answered in its acknowledgement shows that answer to the person alone', async () => {
    bolt = await startBolt(sim, (app) => {
      app.command('/access', async ({ ack }) => ack({ text: 'Usage: `/access <entitlement>`' }));
      app.command('/whoami', async ({ ack }) => ack('plain text, not JSON'));
    });
    await sim.sender.runSlashCommand('U0ALICE', 'C0APPROVALS', 'help');
    await sim.sender.runSlashCommand('U0ALICE', 'C0APPROVALS', '', { command: '/whoami' });
    expect(sim.workspace.ephemerals('U0ALICE', 'C0APPROVALS').map((e) => e.text)).toEqual([
      'Usage: `/access <entitlement>`',
      'plain text, not JSON',
    ]);
    expect(sim.workspace.ephemerals('U0BOB')).toEqual([]);
    expect(sim.workspace.history('C0APPROVALS')).toEqual([]);
  });

  it('an acknowledgement answered in_channel is posted by the bot, and is not one of the five uses', async () => {
    const url = deferred<string>();
    bolt = await startBolt(sim, (app) => {
      app.command('/access', async ({ ack, command }) => {
        url.resolve(command.response_url);
        await ack({ response_type: 'in_channel', text: 'everyone sees the answer' });
      });
    });
    await sim.sender.runSlashCommand('U0ALICE', 'C0APPROVALS', 'status');
    expect(sim.workspace.history('C0APPROVALS')).toMatchObject([
      { text: 'everyone sees the answer', bot_id: 'B0LATCHKEY' },
    ]);
    const post = async (text: string) =>
      (await fetch(await url.promise, { method: 'POST', body: JSON.stringify({ text }) })).status;
    const uses = [];
    for (let use = 1; use <= 6; use++) uses.push(await post(`use ${use}`));
    expect(uses).toEqual([200, 200, 200, 200, 200, 404]);
  });

  it('an empty acknowledgement, or one Slack would refuse, shows nothing', async () => {
    bolt = await startBolt(sim, (app) => {
      app.command('/access', async ({ ack, command }) =>
        command.text === 'empty'
          ? ack()
          : ack({ blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }] }),
      );
    });
    await sim.sender.runSlashCommand('U0ALICE', 'C0APPROVALS', 'empty');
    await sim.sender.runSlashCommand('U0ALICE', 'C0APPROVALS', 'refused');
    expect(sim.workspace.ephemerals('U0ALICE', 'C0APPROVALS')).toEqual([]);
    expect(sim.workspace.history('C0APPROVALS')).toEqual([]);
  });

  it('an in_channel reply is posted in the channel by the bot, in a thread when asked', async () => {
    const parent = await webClient(sim).chat.postMessage({ channel: 'C0APPROVALS', text: 'request' });
    const done = deferred<void>();
    bolt = await startBolt(sim, (app) => {
      app.command('/access', async ({ ack, respond }) => {
        await ack();
        await respond({ response_type: 'in_channel', text: 'everyone sees this' });
        await respond({ response_type: 'in_channel', text: 'in the thread', thread_ts: parent.ts });
        done.resolve();
      });
    });
    await sim.sender.runSlashCommand('U0ALICE', 'C0APPROVALS', 'status');
    await done.promise;
    expect(sim.workspace.history('C0APPROVALS').map((m) => m.text)).toEqual([
      'request',
      'everyone sees this',
    ]);
    expect(sim.workspace.history('C0APPROVALS')[1]).toMatchObject({ bot_id: 'B0LATCHKEY' });
    expect(sim.workspace.thread('C0APPROVALS', parent.ts ?? '').map((m) => m.text)).toEqual([
      'request',
      'in the thread',
    ]);
  });

  it('replace_original updates the message whose button was clicked', async () => {
    const posted = await webClient(sim).chat.postMessage({
      channel: 'C0APPROVALS',
      text: 'pending',
      blocks: buttons('approve'),
    });
    const done = deferred<void>();
    bolt = await startBolt(sim, (app) => {
      app.action('approve', async ({ ack, respond }) => {
        await ack();
        await respond({ replace_original: true, text: 'Approved by bob' });
        done.resolve();
      });
    });
    await sim.sender.clickButton('U0BOB', 'C0APPROVALS', posted.ts ?? '', 'approve');
    await done.promise;
    expect(sim.workspace.message('C0APPROVALS', posted.ts ?? '')).toMatchObject({ text: 'Approved by bob' });
    expect(sim.workspace.message('C0APPROVALS', posted.ts ?? '')?.blocks).toBeUndefined();
  });

  it('buttons in an ephemeral message can be clicked, and delete_original removes that ephemeral', async () => {
    await webClient(sim).chat.postEphemeral({
      channel: 'C0GENERAL',
      user: 'U0ALICE',
      text: 'Cancel?',
      blocks: buttons('cancel'),
    });
    const [ephemeral] = sim.workspace.ephemerals('U0ALICE');
    const seen = deferred<boolean>();
    bolt = await startBolt(sim, (app) => {
      app.action<BlockAction<ButtonAction>>('cancel', async ({ ack, respond, body }) => {
        await ack();
        await respond({ delete_original: true });
        seen.resolve(body.container.is_ephemeral === true);
      });
    });
    await sim.sender.clickButton('U0ALICE', 'C0GENERAL', ephemeral?.ts ?? '', 'cancel');
    expect(await seen.promise).toBe(true);
    expect(sim.workspace.ephemerals('U0ALICE')).toEqual([]);
    await expect(sim.sender.clickButton('U0BOB', 'C0GENERAL', ephemeral?.ts ?? '', 'cancel')).rejects.toThrow(
      /sees no message/,
    );
  });

  it('a response_url works five times, then answers that it has expired', async () => {
    bolt = await startBolt(sim, (app) => {
      app.command('/access', async ({ ack }) => {
        await ack();
      });
    });
    const { responseUrl } = await sim.sender.runSlashCommand('U0ALICE', 'C0APPROVALS', '');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const response = await fetch(responseUrl ?? '', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: `reply ${i}` }),
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
    expect(sim.workspace.ephemerals('U0ALICE')).toHaveLength(5);
  });
});
