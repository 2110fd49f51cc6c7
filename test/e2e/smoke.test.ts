import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { type System, startSystem } from '../support/system.js';

describe('End to end: a request from Slack to Identity Center and back', () => {
  let system: System;
  beforeEach(async () => {
    system = await startSystem();
  });
  afterEach(async () => {
    await system.close();
  });

  it('a one-line request approved by a button grants the access, and the thread tells the story', async () => {
    const { slack, ic } = system;
    const asked = await slack.sender.runSlashCommand(
      'U0ALICE',
      'C0GENERAL',
      'prod-read 1h checking the logs',
    );
    expect(asked.delivery.status).toBe(200);
    const request = await eventually(() => slack.workspace.history('C0APPROVALS').at(-1), {
      what: 'the request message',
    });
    expect(JSON.stringify(request.blocks)).toContain('checking the logs');

    const click = await slack.sender.clickButton('U0BOB', 'C0APPROVALS', request.ts, 'latchkey_approve');
    expect(click.delivery.status).toBe(200);

    await eventually(
      () =>
        ic.sim.holds('alice@example.com', {
          kind: 'permissionSet',
          accountId: '123456789012',
          permissionSet: 'ReadOnlyAccess',
        }),
      {
        what: 'the assignment in Identity Center',
      },
    );
    const thread = await eventually(() => {
      const text = slack.workspace
        .thread('C0APPROVALS', request.ts)
        .map((m) => m.text ?? '')
        .join('\n');
      return text.includes('Access is active') && text;
    });
    expect(thread).toContain('approved');
  });
});
