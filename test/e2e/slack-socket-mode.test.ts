import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { APPROVALS, APPROVE, GENERAL, PROD_READ } from '../support/slack-flows.js';
import { type System, startSystem } from '../support/system.js';

describe('Slack: Socket Mode', () => {
  let system: System;
  beforeAll(async () => {
    system = await startSystem({ socketMode: true });
  });
  afterAll(async () => {
    await system.close();
  });

  it('takes requests, clicks and reactions down the socket the Web API base gave it, and grants', async () => {
    const { slack, ic } = system;

    await slack.sender.runSlashCommand('U0ALICE', GENERAL, 'prod-read 1h reading the incident logs');
    const request = await eventually(() => slack.workspace.history(APPROVALS).at(-1), {
      what: 'the request',
    });
    await slack.sender.clickButton('U0BOB', APPROVALS, request.ts, APPROVE);

    await eventually(() => ic.sim.holds('alice@example.com', PROD_READ), { what: 'the access' });
    const help = await slack.sender.runSlashCommand('U0ALICE', GENERAL, 'help');
    expect(JSON.stringify(help.delivery.json)).toContain('/access list');
  });

  it('counts an approval given by reaction', async () => {
    const { slack, ic } = system;

    await slack.sender.runSlashCommand('U0DAVE', GENERAL, 'prod-read 30m month-end checks');
    const request = await eventually(
      () =>
        slack.workspace.history(APPROVALS).find((m) => JSON.stringify(m.blocks).includes('month-end checks')),
      { what: 'the request' },
    );
    await slack.sender.addReaction('U0CAROL', APPROVALS, request.ts, 'white_check_mark');

    await eventually(() => ic.sim.holds('dave@example.com', PROD_READ), { what: 'the access' });
  });
});
