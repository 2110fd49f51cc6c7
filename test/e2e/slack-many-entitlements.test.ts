import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { expectAcked, formValues, GENERAL, sandboxConfigWith } from '../support/slack-flows.js';
import { type System, startSystem } from '../support/system.js';

const MANY = 120;
const id = (n: number) => `team-${String(n).padStart(3, '0')}`;

describe('Slack: the request form with more entitlements than a static menu holds', () => {
  let system: System;
  beforeAll(async () => {
    const config = await sandboxConfigWith((doc) => {
      doc.entitlements = Array.from({ length: MANY }, (_, n) => ({
        id: id(n),
        description: `Read-only on staging for team ${n}`,
        account: '210987654321',
        permissionSet: 'ReadOnlyAccess',
        approvers: ['U0BOB'],
      }));
    });
    system = await startSystem({ config });
  });
  afterAll(async () => {
    await system.close();
  });

  it('searches the entitlements as the person types, and the chosen one is requested', async () => {
    // Prepare: the form opens with a search instead of a 120-item menu
    expectAcked((await system.slack.sender.runSlashCommand('U0ALICE', GENERAL, '')).delivery);
    const view = await eventually(() => system.slack.workspace.openView('U0ALICE'), {
      what: 'the request form',
    });
    expect(JSON.stringify(view.blocks)).toContain('external_select');

    // Act
    const suggested = await system.slack.sender.typeInExternalSelect('U0ALICE', 'value', 'team-11');
    const submitted = await system.slack.sender.submitView(
      'U0ALICE',
      formValues({ entitlement: id(115), duration: '1h', reason: 'checking the team-115 dashboards' }),
    );

    // Assess
    expectAcked(suggested.delivery);
    expect(suggested.options.map((o) => (o as { value: string }).value)).toEqual(
      Array.from({ length: 10 }, (_, n) => id(110 + n)),
    );
    expect(submitted.outcome).toEqual({ action: 'closed' });
    const posted = await eventually(() => system.slack.workspace.history('C0APPROVALS').at(-1), {
      what: 'the request message',
    });
    expect(JSON.stringify(posted.blocks)).toContain(id(115));
  });
});
