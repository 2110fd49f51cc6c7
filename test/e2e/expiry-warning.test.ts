// The warning before a grant's end comes when the configured time before the end is reached, not before: the
// scheduler's clock is the test's, which the test moves on to just short of that moment and then to it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { APPROVALS, APPROVE, GENERAL, quiet, sandboxConfigWith } from '../support/slack-flows.js';
import { type System, startSystem } from '../support/system.js';
import { TestClock } from '../support/test-clock.js';

describe('Sweeper: the warning before the end', () => {
  let system: System;
  const clock = new TestClock();
  beforeAll(async () => {
    // A 2-minute grant warned 40 s before its end: the warning is due 80 s after the access starts, far
    // enough for the steps before the test moves the clock on, however slow the machine.
    const config = await sandboxConfigWith((doc) => {
      doc.schedule = { expiryWarning: '40s' };
    });
    system = await startSystem({ config, clock });
  });
  afterAll(async () => {
    await system.close();
  });

  it('comes at the configured time, to the holder directly and in the thread', async () => {
    const { slack } = system;
    await slack.sender.runSlashCommand('U0ALICE', GENERAL, 'prod-read 2m a quick look');
    const request = await eventually(() => slack.workspace.history(APPROVALS).at(-1), {
      what: 'the request',
    });
    await slack.sender.clickButton('U0BOB', APPROVALS, request.ts, APPROVE);
    const active = await eventually(async () => (await system.db.store.listByState('active'))[0], {
      what: 'the grant to be active',
    });
    const warnAt = (active.expiresAt ?? 0) - 40_000;
    const warning = () =>
      slack.workspace.thread(APPROVALS, request.ts).find((m) => m.text?.includes('ends in about'));

    // A second short of the moment: sweeper passes come and go, and none warns yet.
    clock.advanceTo(warnAt - 1_000);
    await quiet(system);
    expect(warning()).toBeUndefined();

    clock.advanceTo(warnAt);
    const warned = await eventually(warning, { what: 'the warning in the thread' });
    const dm = await eventually(
      () => slack.workspace.dmsOf('U0ALICE').find((m) => m.text?.includes('/access extend')),
      { what: 'the warning in a direct message' },
    );

    expect(warned.text).toContain('minute');
    expect(dm.text).toContain('ends in about');
    const grant = await system.db.store.get(active.id);
    expect(grant?.warnedAt).toBeGreaterThanOrEqual(warnAt);
    expect((grant?.expiresAt ?? 0) - (grant?.warnedAt ?? 0)).toBeLessThanOrEqual(40_000);
  });
});
