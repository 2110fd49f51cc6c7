import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Target } from '../../src/core/entitlement.js';
import { eventually } from '../support/eventually.js';
import { QUICK_POLL } from '../support/identity-center-sim.js';
import {
  APPROVALS,
  APPROVE,
  buttonsOf,
  click,
  clickRefused,
  DENY,
  dmText,
  GENERAL,
  grantOf,
  holds,
  type Posted,
  PROD_READ,
  quiet,
  request,
  STAGING_ADMIN,
  shown,
  slash,
  waitForAccess,
  waitForMessage,
  waitForState,
  waitForThread,
} from '../support/slack-flows.js';
import { type System, startSystem } from '../support/system.js';

describe('Slack: revoke, extend, cancel and help', () => {
  let system: System;
  beforeAll(async () => {
    system = await startSystem({ identityCenterTuning: { adapter: QUICK_POLL } });
  });
  afterAll(async () => {
    await system.close();
  });

  /** A grant requested by `user` and approved by `approver`, once it is active. */
  const activeGrant = async (user: string, text: string, approver: string, target: Target) => {
    const asked = await request(system, user, text);
    await click(system, approver, asked, APPROVE);
    await waitForAccess(system, asked.id, user, target);
    return asked;
  };

  const answer = async (user: string, text: string) => (await slash(system, user, GENERAL, text)).ephemeral();

  /** The access is gone in Identity Center, and the thread, the message and the DM say so. */
  const expectRevokedBy = async (asked: Posted, holder: string, target: Target, by: string) => {
    const grant = await waitForState(system, asked.id, 'revoked');
    expect(grant).toMatchObject({ endReason: 'revoked-early', revokedBy: by });
    expect(holds(system, holder, target)).toBe(false);
    const thread = await waitForThread(system, asked.channel, asked.ts, 'Access revoked');
    expect(thread).toContain(`<@${by}> ended the access early: revoking`);
    const message = await waitForMessage(system, asked.channel, asked.ts, `Ended early by <@${by}>`);
    expect(buttonsOf(message)).toEqual([]);
    await eventually(
      () =>
        dmText(system, holder).includes(`Your access \`${asked.id}\``) &&
        dmText(system, holder).includes('has ended'),
    );
  };

  it('the holder revokes their own grant early', async () => {
    const asked = await activeGrant('U0ALICE', 'prod-read 1h checking the logs', 'U0BOB', PROD_READ);
    expect(await answer('U0ALICE', `revoke ${asked.id}`)).toContain(`Revoking \`${asked.id}\``);
    await expectRevokedBy(asked, 'U0ALICE', PROD_READ, 'U0ALICE');
  });

  it("an approver of the entitlement revokes someone else's grant", async () => {
    const asked = await activeGrant('U0DAVE', 'prod-read 1h checking the ledger', 'U0BOB', PROD_READ);
    expect(await answer('U0CAROL', `revoke ${asked.id}`)).toContain('Revoking');
    await expectRevokedBy(asked, 'U0DAVE', PROD_READ, 'U0CAROL');
  });

  it("an admin revokes someone else's grant", async () => {
    const asked = await activeGrant('U0ALICE', 'staging-admin 1h load test', 'U0BOB', STAGING_ADMIN);
    expect(await answer('U0ERIN', `revoke ${asked.id}`)).toContain('Revoking');
    await expectRevokedBy(asked, 'U0ALICE', STAGING_ADMIN, 'U0ERIN');
  });

  it('anyone else is refused ephemerally, a guest approver too, and the access stays', async () => {
    const asked = await activeGrant('U0ERIN', 'prod-read 1h reading the audit trail', 'U0CAROL', PROD_READ);
    const before = await grantOf(system, asked.id);
    for (const user of ['U0DAVE', 'U0ALICE', 'U0GUEST']) {
      expect(await answer(user, `revoke ${asked.id}`), user).toContain(
        `Only the holder of ${asked.id}, one of its approvers or an admin may revoke it.`,
      );
    }
    await quiet(system);
    expect(await grantOf(system, asked.id)).toMatchObject({ state: 'active', version: before.version });
    expect(holds(system, 'U0ERIN', PROD_READ)).toBe(true);
  });

  it('revoking a grant that does not exist says so', async () => {
    expect(await answer('U0ALICE', 'revoke g-zzzzzzzz')).toContain('There is no grant g-zzzzzzzz');
  });

  it('an extension is a new request message linked to the grant; once approved, the end moves', async () => {
    const asked = await activeGrant(
      'U0BOB',
      'staging-admin 1h upgrading the cluster',
      'U0CAROL',
      STAGING_ADMIN,
    );
    const before = await grantOf(system, asked.id);
    const postedBefore = system.slack.workspace.history(APPROVALS).length;

    expect(await answer('U0BOB', `extend ${asked.id} 30m`)).toContain(
      `Your request to extend \`${asked.id}\` is posted for approval`,
    );
    const extension = await eventually(() => system.slack.workspace.history(APPROVALS)[postedBefore], {
      what: 'the extension request message',
    });
    const at = { channel: APPROVALS, ts: extension.ts };
    expect(shown(extension)).toContain(`<@U0BOB> asks to extend \`${asked.id}\``);
    expect(shown(extension)).toContain('by 30m');
    expect(shown(extension)).toContain(`<#${asked.channel}>`);
    expect(buttonsOf(extension)).toEqual([APPROVE, DENY]);
    await waitForThread(system, APPROVALS, extension.ts, '<@U0BOB> asked for more time (+30m)');
    expect((await grantOf(system, asked.id)).expiresAt).toBe(before.expiresAt);

    // Approved the same way as a request: a button (or the reaction) of an approver.
    await click(system, 'U0CAROL', at, APPROVE);
    const extended = await eventually(async () => {
      const grant = await grantOf(system, asked.id);
      return grant.extension?.state === 'approved' ? grant : undefined;
    });
    expect(extended.expiresAt).toBe((before.expiresAt ?? 0) + 30 * 60_000);
    expect(extended.state).toBe('active');
    await waitForThread(system, asked.channel, asked.ts, 'Extended by <@U0CAROL>: the access now ends');
    const updated = await waitForMessage(system, APPROVALS, extension.ts, 'Extended: now ends');
    expect(buttonsOf(updated)).toEqual([]);
    await eventually(() => dmText(system, 'U0BOB').includes(`Your access \`${asked.id}\` was extended`));
    expect(holds(system, 'U0BOB', STAGING_ADMIN)).toBe(true);
  });

  it('the holder cannot approve their own extension, nor can a non-approver', async () => {
    const asked = await activeGrant('U0BOB', 'prod-read 1h watching the rollout', 'U0CAROL', PROD_READ);
    const postedBefore = system.slack.workspace.history(APPROVALS).length;
    await answer('U0BOB', `extend ${asked.id} 1h`);
    const extension = await eventually(() => system.slack.workspace.history(APPROVALS)[postedBefore], {
      what: 'the extension request message',
    });
    const at = { channel: APPROVALS, ts: extension.ts };
    expect(await clickRefused(system, 'U0BOB', at, APPROVE)).toContain(
      'You cannot approve your own request for `prod-read`',
    );
    expect(await clickRefused(system, 'U0DAVE', at, APPROVE)).toContain('not an approver of `prod-read`');
    await quiet(system);
    const grant = await grantOf(system, asked.id);
    expect(grant.extension).toMatchObject({ state: 'pending', approvals: [] });
    expect(buttonsOf(system.slack.workspace.message(APPROVALS, extension.ts))).toEqual([APPROVE, DENY]);
  });

  it('only the holder may ask to extend, and not past the longest duration', async () => {
    const asked = await activeGrant('U0ALICE', 'prod-read 1h checking the logs again', 'U0BOB', PROD_READ);
    expect(await answer('U0BOB', `extend ${asked.id} 30m`)).toContain(
      `Only the holder of ${asked.id} can ask to extend it.`,
    );
    expect(await answer('U0ALICE', `extend ${asked.id} 9h`)).toContain(
      `${asked.id} can be extended by at most`,
    );
    await quiet(system);
    expect((await grantOf(system, asked.id)).extension).toBeUndefined();
  });

  it('the requester cancels a pending request; nobody else can', async () => {
    const asked = await request(system, 'U0ERIN', 'staging-admin 1h trying things');
    expect(await answer('U0BOB', `cancel ${asked.id}`)).toContain(
      `Only the person who asked for ${asked.id} may cancel it.`,
    );
    expect((await grantOf(system, asked.id)).state).toBe('pending');

    expect(await answer('U0ERIN', `cancel ${asked.id}`)).toContain(`Cancelled \`${asked.id}\``);
    await waitForState(system, asked.id, 'cancelled');
    await waitForThread(system, asked.channel, asked.ts, '<@U0ERIN> cancelled the request');
    const message = await waitForMessage(system, asked.channel, asked.ts, 'Cancelled');
    expect(buttonsOf(message)).toEqual([]);
  });

  it('a request that is no longer pending cannot be cancelled', async () => {
    const asked = await activeGrant('U0CAROL', 'staging-admin 1h checking', 'U0BOB', STAGING_ADMIN);
    expect(await answer('U0CAROL', `cancel ${asked.id}`)).toContain('it cannot be cancelled now');
    expect((await grantOf(system, asked.id)).state).toBe('active');
  });

  it('help is ephemeral and names every form of the command', async () => {
    const help = await slash(system, 'U0DAVE', GENERAL, 'help');
    expect(help.delivery.json).toMatchObject({ response_type: 'ephemeral' });
    const text = await help.ephemeral();
    for (const usage of [
      '`/access`',
      '`/access <entitlement> <duration> <reason…>`',
      '`/access list [mine|all|<entitlement>]`',
      '`/access revoke <grant-id>`',
      '`/access extend <grant-id> <duration>`',
      '`/access cancel <grant-id>`',
    ]) {
      expect(text).toContain(usage);
    }
  });

  it('a subcommand with a missing grant id says what would be accepted', async () => {
    expect(await answer('U0DAVE', 'revoke')).toContain('`/access revoke <grant-id>`');
    expect(await answer('U0DAVE', 'extend g-zzzzzzzz')).toContain('`/access extend <grant-id> <duration>`');
    expect(await answer('U0DAVE', 'cancel not-a-grant')).toContain('`/access cancel <grant-id>`');
  });
});
