import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPROVALS, GENERAL, slash } from '../support/slack-flows.js';
import { type System, startSystem } from '../support/system.js';

describe('Slack: the approval channel refuses the bot', () => {
  let system: System;
  beforeAll(async () => {
    system = await startSystem();
    system.slack.workspace.setBotMembership(APPROVALS, false);
  });
  afterAll(async () => {
    await system.close();
  });

  it('tells the requester to invite Latchkey there, and stores nothing', async () => {
    const answer = await slash(system, 'U0ALICE', GENERAL, 'prod-read 1h checking the queue');

    const text = await answer.ephemeral();
    expect(text).toContain('not_in_channel');
    expect(text).toContain('invite Latchkey');
    expect(text).toContain('Nothing was stored');
    expect(await system.db.store.listByState('pending', 'approved', 'provisioning', 'active')).toEqual([]);
  });
});
