import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimMessage } from '../../src/sim/slack/index.js';
import { eventually } from '../support/eventually.js';
import {
  APPROVE,
  click,
  GENERAL,
  type Posted,
  PROD_READ,
  quiet,
  request,
  shown,
  slash,
  waitForAccess,
  waitForMessage,
} from '../support/slack-flows.js';
import { type System, startSystem } from '../support/system.js';

describe('Slack: listing', () => {
  let system: System;
  let active: Posted;
  let halfApproved: Posted;
  let pending: Posted;
  let cancelled: Posted;

  beforeAll(async () => {
    system = await startSystem();
    active = await request(system, 'U0ALICE', 'prod-read 1h checking the logs');
    await click(system, 'U0BOB', active, APPROVE);
    await waitForAccess(system, active.id, 'U0ALICE', PROD_READ);
    halfApproved = await request(system, 'U0DAVE', 'prod-admin 1h restoring the ledger');
    await click(system, 'U0BOB', halfApproved, APPROVE);
    await waitForMessage(system, halfApproved.channel, halfApproved.ts, '1 of 2 needed');
    pending = await request(system, 'U0ALICE', 'staging-admin 2h load test');
    cancelled = await request(system, 'U0ERIN', 'staging-admin 1h trying things');
    await (await slash(system, 'U0ERIN', GENERAL, `cancel ${cancelled.id}`)).ephemeral();
    await quiet(system);
  });
  afterAll(async () => {
    await system.close();
  });

  /** Types the command in #general and returns the listing it posts there for everyone. */
  const listedInChannel = async (user: string, text: string): Promise<SimMessage> => {
    const before = system.slack.workspace.history(GENERAL).length;
    await slash(system, user, GENERAL, text);
    return eventually(() => system.slack.workspace.history(GENERAL)[before], {
      what: 'the listing in the channel',
    });
  };

  it('/access list posts the active and pending grants in the channel where it was typed', async () => {
    const listing = await listedInChannel('U0CAROL', 'list');
    const text = shown(listing);
    expect(text).toContain('Active and pending grants* (3)');
    expect(text).toContain(`\`${active.id}\` · <@U0ALICE> · \`prod-read\``);
    expect(text).toMatch(/active until <!date\^\d+/);
    expect(text).toContain('approved by <@U0BOB>');
    expect(text).toContain(`\`${halfApproved.id}\` · <@U0DAVE> · \`prod-admin\``);
    expect(text).toContain('1 of 2 approvals (<@U0BOB>)');
    expect(text).toContain(`\`${pending.id}\` · <@U0ALICE> · \`staging-admin\``);
    expect(text).not.toContain(cancelled.id);
    expect(system.slack.workspace.ephemerals('U0CAROL', GENERAL)).toEqual([]);
  });

  it('/access list all is the same listing', async () => {
    const text = shown(await listedInChannel('U0BOB', 'list all'));
    for (const posted of [active, halfApproved, pending]) expect(text).toContain(posted.id);
    expect(text).not.toContain(cancelled.id);
  });

  it('/access list mine stays ephemeral and shows only the person’s own grants', async () => {
    const inChannel = system.slack.workspace.history(GENERAL).length;
    const answer = await (await slash(system, 'U0ALICE', GENERAL, 'list mine')).ephemeral();
    expect(answer).toContain('Your grants');
    expect(answer).toContain(active.id);
    expect(answer).toContain(pending.id);
    expect(answer).not.toContain(halfApproved.id);
    await quiet(system);
    expect(system.slack.workspace.history(GENERAL)).toHaveLength(inChannel);
  });

  it('/access list mine says so when the person has nothing', async () => {
    const answer = await (await slash(system, 'U0CAROL', GENERAL, 'list mine')).ephemeral();
    expect(answer).toContain('None right now');
  });

  it('/access list <entitlement> lists the grants of that entitlement only', async () => {
    const text = shown(await listedInChannel('U0CAROL', 'list prod-admin'));
    expect(text).toContain('Grants of `prod-admin`* (1)');
    expect(text).toContain(halfApproved.id);
    expect(text).not.toContain(active.id);
    expect(text).not.toContain(pending.id);
  });

  it('/access list of an unknown entitlement is answered ephemerally with what exists', async () => {
    const inChannel = system.slack.workspace.history(GENERAL).length;
    const answer = await (await slash(system, 'U0CAROL', GENERAL, 'list prod-wizard')).ephemeral();
    expect(answer).toContain('no entitlement `prod-wizard`');
    expect(answer).toContain('`prod-read`');
    await quiet(system);
    expect(system.slack.workspace.history(GENERAL)).toHaveLength(inChannel);
  });
});
