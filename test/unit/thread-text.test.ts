import { describe, expect, it } from 'vitest';
import { say } from '../../src/slack/thread-text.js';
import { entitlement } from '../support/entitlements.js';
import { active } from '../support/grants.js';

const PORTAL = 'https://d-1234567890.awsapps.com/start?tab=accounts&x=1';

describe('What the thread and the holder are told when access becomes active', () => {
  const ent = entitlement();
  const grant = active(ent);
  const event = grant.events.at(-1);
  if (event?.action !== 'activated') throw new Error('the fixture grant was not just activated');
  const said = say(grant, { kind: 'transition', event }, { entitlement: ent, portalUrl: PORTAL });
  const portal = '<https://d-1234567890.awsapps.com/start?tab=accounts&amp;x=1>';

  it('the thread reply gives the AWS access portal link and the end time', () => {
    expect(said.thread).toContain('Access is active');
    expect(said.thread).toContain(`Sign in through the AWS access portal: ${portal}`);
    expect(said.thread).toContain(`<!date^${Math.floor((grant.expiresAt ?? 0) / 1000)}^`);
  });

  it('the holder’s direct message gives the same link', () => {
    expect(said.dm).toContain(`Sign in through the AWS access portal: ${portal}`);
  });

  it('without a portal in the config, neither mentions one', () => {
    const plain = say(grant, { kind: 'transition', event }, { entitlement: ent });
    expect(plain.thread).not.toContain('portal');
    expect(plain.dm).not.toContain('portal');
  });
});
