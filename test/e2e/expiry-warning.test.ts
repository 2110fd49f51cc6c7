import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { APPROVALS, APPROVE, GENERAL, sandboxConfigWith } from '../support/slack-flows.js';
import { type System, startSystem } from '../support/system.js';

describe('Sweeper: the warning before the end', () => {
  let system: System;
  beforeAll(async () => {
    // A 45 s grant warned 40 s before its end: the warning is due about 5 s after the access starts.
    const config = await sandboxConfigWith((doc) => {
      doc.schedule = { expiryWarning: '40s' };
    });
    system = await startSystem({ config });
  });
  afterAll(async () => {
    await system.close();
  });

  it('comes at the configured time, to the holder directly and in the thread', async () => {
    const { slack } = system;
    await slack.sender.runSlashCommand('U0ALICE', GENERAL, 'prod-read 45s a quick look');
    const request = await eventually(() => slack.workspace.history(APPROVALS).at(-1), {
      what: 'the request',
    });
    await slack.sender.clickButton('U0BOB', APPROVALS, request.ts, APPROVE);

    const warned = await eventually(
      () => slack.workspace.thread(APPROVALS, request.ts).find((m) => m.text?.includes('ends in about')),
      { what: 'the warning in the thread', timeoutMs: 20_000 },
    );
    const dm = await eventually(
      () => slack.workspace.dmsOf('U0ALICE').find((m) => m.text?.includes('/access extend')),
      { what: 'the warning in a direct message' },
    );

    expect(warned.text).toContain('minute');
    expect(dm.text).toContain('ends in about');
    const grant = (await system.db.store.listByState('active'))[0];
    expect(grant?.warnedAt).toBeDefined();
    expect((grant?.expiresAt ?? 0) - (grant?.warnedAt ?? 0)).toBeLessThanOrEqual(40_000);
  });
});
