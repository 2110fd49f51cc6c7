// A request made with the form and refused (no Identity Center user, access already held…) is told to the
// person alone: as an ephemeral message in the channel `/access` opened the form in, like the command's own
// refusals; in a direct message when the form was opened from the Home tab, which has no channel, or when
// Slack refuses the ephemeral there.

import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import {
  APPROVALS,
  dmText,
  ephemeralsSince,
  expectAcked,
  formValues,
  GENERAL,
  openGrantIds,
  PROD_APPROVALS,
  quiet,
  slash,
} from '../support/slack-flows.js';
import { type System, startSystem } from '../support/system.js';

const PEOPLE = ['U0ALICE', 'U0BOB', 'U0CAROL', 'U0DAVE', 'U0ERIN', 'U0FRANK'];

describe('Slack: refusals after the request form', () => {
  let system: System;
  const logs: Record<string, unknown>[] = [];
  beforeAll(async () => {
    const logTo = new PassThrough();
    logTo.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logs.push(JSON.parse(line));
    });
    system = await startSystem({ logTo });
  });
  afterAll(async () => {
    await system.close();
  });

  /** Opens the form with `/access` in a channel. */
  async function openFormIn(user: string, channel: string): Promise<void> {
    await slash(system, user, channel, '');
    await eventually(() => system.slack.workspace.openView(user)?.callback_id === 'latchkey_request', {
      what: `${user}'s request form`,
    });
  }

  /** Opens the form with the Home tab's Request access button. */
  async function openFormFromHome(user: string): Promise<void> {
    const { workspace, sender } = system.slack;
    const published = workspace.homes.publishedCount(user);
    expectAcked(await sender.openHome(user));
    await eventually(() => workspace.homes.publishedCount(user) > published, { what: `${user}'s Home` });
    expectAcked((await sender.clickHomeButton(user, 'latchkey_home_request', { value: 'request' })).delivery);
    await eventually(() => workspace.openView(user)?.callback_id === 'latchkey_request', {
      what: `${user}'s request form`,
    });
  }

  /** Submits prod-read for an hour; the form closes, since the fields are right. */
  async function submit(user: string): Promise<void> {
    const submitted = await system.slack.sender.submitView(
      user,
      formValues({ entitlement: 'prod-read', duration: '1h', reason: 'checking dashboards' }),
    );
    expectAcked(submitted.delivery);
    expect(submitted.outcome).toEqual({ action: 'closed' });
  }

  /** What everyone has seen in GENERAL and in their DMs so far, to tell what a step added. */
  function seen() {
    const { workspace } = system.slack;
    return {
      ephemerals: Object.fromEntries(PEOPLE.map((u) => [u, workspace.ephemerals(u, GENERAL).length])),
      dms: Object.fromEntries(PEOPLE.map((u) => [u, dmText(system, u)])),
      general: workspace.history(GENERAL).length,
    };
  }

  /** The first ephemeral `user` got in `channel` since `before`. */
  function refusalIn(channel: string, user: string, before: ReturnType<typeof seen>): Promise<string> {
    return eventually(() => ephemeralsSince(system, user, channel, before.ephemerals[user]!)[0], {
      what: `the refusal to ${user} in ${channel}`,
    });
  }

  async function expectNothingStoredOrPosted(): Promise<void> {
    await quiet(system);
    expect(await openGrantIds(system)).toEqual([]);
    for (const channel of [APPROVALS, PROD_APPROVALS]) {
      expect(system.slack.workspace.history(channel), channel).toEqual([]);
    }
  }

  it('a form opened with /access in a channel is refused there, to the person alone, and not in a DM', async () => {
    // Prepare: Carol holds prod-read as standing access
    await openFormIn('U0CAROL', GENERAL);
    const before = seen();

    // Act
    await submit('U0CAROL');

    // Assess
    expect(await refusalIn(GENERAL, 'U0CAROL', before)).toContain(
      'already hold this access outside Latchkey',
    );
    await expectNothingStoredOrPosted();
    const after = seen();
    expect(after.dms).toEqual(before.dms);
    expect(after.general).toBe(before.general);
    expect(after.ephemerals).toEqual({ ...before.ephemerals, U0CAROL: before.ephemerals.U0CAROL! + 1 });
  });

  it('a person with no Identity Center user is told in the channel too', async () => {
    await openFormIn('U0FRANK', GENERAL);
    const before = seen();

    await submit('U0FRANK');

    expect(await refusalIn(GENERAL, 'U0FRANK', before)).toContain(
      'no IAM Identity Center user for frank@example.com',
    );
    await expectNothingStoredOrPosted();
    expect(seen().dms).toEqual(before.dms);
  });

  it('a form opened from the Home tab, which has no channel, is refused in a direct message', async () => {
    await openFormFromHome('U0FRANK');
    const before = seen();
    const callsBefore = system.slack.calls.length;

    await submit('U0FRANK');

    const dm = await eventually(
      () => {
        const text = dmText(system, 'U0FRANK');
        return text.length > before.dms.U0FRANK!.length && text.slice(before.dms.U0FRANK!.length);
      },
      { what: 'the refusal in a DM to Frank' },
    );
    expect(dm).toContain('no IAM Identity Center user for frank@example.com');
    await expectNothingStoredOrPosted();
    expect(seen().ephemerals).toEqual(before.ephemerals);
    // Straight to the DM: no channel is tried, none being known.
    expect(system.slack.calls.slice(callsBefore).map((c) => c.method)).not.toContain('chat.postEphemeral');
  });

  it('when Slack refuses the ephemeral (Latchkey is not in the channel), the person is told in a direct message', async () => {
    // Prepare: the form is open, then Latchkey leaves the channel it was opened in
    await openFormIn('U0CAROL', GENERAL);
    const before = seen();
    const callsBefore = system.slack.calls.length;
    system.slack.workspace.setBotMembership(GENERAL, false);
    try {
      // Act
      await submit('U0CAROL');

      // Assess
      const dm = await eventually(
        () => {
          const text = dmText(system, 'U0CAROL');
          return text.length > before.dms.U0CAROL!.length && text.slice(before.dms.U0CAROL!.length);
        },
        { what: 'the refusal in a DM to Carol' },
      );
      expect(dm).toContain('already hold this access outside Latchkey');
      await expectNothingStoredOrPosted();
      expect(seen().ephemerals).toEqual(before.ephemerals);
      // Slack refused the ephemeral as it documents, and only then was the DM written.
      const calls = system.slack.calls
        .slice(callsBefore)
        .filter((c) => c.method === 'chat.postEphemeral' || c.method === 'chat.postMessage');
      expect(calls).toMatchObject([
        {
          method: 'chat.postEphemeral',
          args: { channel: GENERAL, user: 'U0CAROL' },
          response: { ok: false, error: 'not_in_channel' },
        },
        {
          method: 'chat.postMessage',
          args: { channel: expect.stringMatching(/^D/) },
          response: { ok: true },
        },
      ]);
      // Expected wherever `/access` may be typed: logged, but as information, not as a failure.
      const fallback = logs.filter((l) => l.slackError === 'not_in_channel');
      expect(fallback).toMatchObject([{ level: 30, user: 'U0CAROL', channel: GENERAL }]);
      expect(logs.filter((l) => (l.level as number) >= 50)).toEqual([]);
    } finally {
      system.slack.workspace.setBotMembership(GENERAL, true);
    }
  });
});
