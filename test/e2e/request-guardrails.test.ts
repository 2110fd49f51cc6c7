// Guardrails on requests, over the wire: a reason the entitlement's pattern refuses, a person at the cap on
// open grants, a start in the past or beyond the lead time. Each is refused with an ephemeral answer that
// says why, and nothing is stored or posted.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APPROVALS,
  GENERAL,
  openGrantIds,
  PROD_APPROVALS,
  quiet,
  request,
  sandboxConfigWith,
  slash,
} from '../support/slack-flows.js';
import { type System, startSystem } from '../support/system.js';

describe('Slack: request guardrails', () => {
  let system: System;
  beforeAll(async () => {
    const config = await sandboxConfigWith((doc) => {
      doc.defaults = { ...(doc.defaults as object), maxActivePerPerson: 2, maxLeadTime: '2d' };
      const prodRead = doc.entitlements.find((e) => e.id === 'prod-read')!;
      prodRead.reasonPattern = '^[A-Z]+-[0-9]+';
      prodRead.reasonHint = 'Start the reason with the ticket, like OPS-123.';
    });
    system = await startSystem({ config });
  });
  afterAll(async () => {
    await system.close();
  });

  /** Asks, expects a refusal, and checks that nothing was stored or posted. */
  async function refused(user: string, text: string): Promise<string> {
    const before = await openGrantIds(system);
    const posted = () =>
      system.slack.workspace.history(APPROVALS).length +
      system.slack.workspace.history(PROD_APPROVALS).length;
    const postedBefore = posted();
    const answer = await (await slash(system, user, GENERAL, text)).ephemeral();
    await quiet(system);
    expect(await openGrantIds(system)).toEqual(before);
    expect(posted()).toBe(postedBefore);
    return answer;
  }

  it('refuses a reason the pattern does not match, with the hint', async () => {
    const answer = await refused('U0ERIN', 'prod-read 1h looking at the logs');

    expect(answer).toContain('Start the reason with the ticket, like OPS-123.');
  });

  it('accepts a reason the pattern matches', async () => {
    const asked = await request(system, 'U0ERIN', 'prod-read 1h OPS-7 looking at the logs');

    expect(asked.id).toMatch(/^g-/);
  });

  it('refuses a start in the past', async () => {
    const answer = await refused('U0DAVE', 'staging-admin 1h at 2020-01-01T09:00Z rehearsing the migration');

    expect(answer).toContain('in the past');
  });

  it('refuses a start beyond the lead time, saying how far ahead one may be', async () => {
    const answer = await refused('U0DAVE', 'staging-admin 1h in 3d rehearsing the migration');

    expect(answer).toContain('too far ahead');
    expect(answer).toContain('2d');
  });

  it('reads `in` as the reason when no duration follows it', async () => {
    const asked = await request(system, 'U0DAVE', 'staging-admin 1h in the logs');
    const grant = await system.db.store.get(asked.id);

    expect(grant).toMatchObject({ reason: 'in the logs', state: 'pending' });
    expect(grant?.startAt).toBeUndefined();
  });

  it('refuses a person at the cap, listing the grants they have open', async () => {
    const first = await request(system, 'U0ALICE', 'staging-admin 1h first');
    const second = await request(system, 'U0ALICE', 'prod-admin 1h second');

    const answer = await refused('U0ALICE', 'prod-read 1h OPS-9 third');

    expect(answer).toContain(first.id);
    expect(answer).toContain(second.id);
    expect(answer).toContain('at most 2');
  });

  it('accepts only one of two requests made at once by a person one below the cap', async () => {
    // Prepare: Erin has one grant open (asked above); the cap is two
    const open = async () => (await openGrantIds(system)).length;
    const before = await open();
    const said = () => system.slack.workspace.ephemerals('U0ERIN', GENERAL).map((e) => e.text ?? '');
    const saidBefore = said().length;

    // Act: two requests sent together, each checked before the other is stored
    await Promise.all(
      ['prod-read 1h OPS-11 first of two', 'prod-read 1h OPS-12 second of two'].map((text) =>
        slash(system, 'U0ERIN', GENERAL, text),
      ),
    );
    await quiet(system);

    // Assess: one refused at the cap, and only one more grant open
    expect(
      said()
        .slice(saidBefore)
        .filter((text) => text.includes('at most 2')),
    ).toHaveLength(1);
    expect(await open()).toBe(before + 1);
  });

  it('lets the person ask again once one of their grants is cancelled', async () => {
    const mine = (await system.db.store.listByState('pending')).filter((g) => g.requester === 'U0ALICE');
    await (await slash(system, 'U0ALICE', GENERAL, `cancel ${mine[0]!.id}`)).ephemeral();

    const asked = await request(system, 'U0ALICE', 'prod-read 1h OPS-9 third');

    expect(asked.id).toMatch(/^g-/);
  });
});
