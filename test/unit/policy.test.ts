import { describe, expect, it } from 'vitest';
import { NotAllowedToRevoke, NotApprover, NotRequester } from '../../src/core/errors.js';
import {
  assertMayDecide,
  assertMayRequest,
  assertMayRevoke,
  type PersonFacts,
  whyNotApprover,
  whyNotDecider,
} from '../../src/core/policy.js';
import { entitlement, person } from '../support/entitlements.js';
import { saidOf, thrownBy } from '../support/errors.js';
import { active, REQUESTER } from '../support/grants.js';

describe('Policy: who may decide on a request', () => {
  it('a listed approver in good standing may decide', () => {
    expect(() => assertMayDecide(entitlement(), REQUESTER, person('U0LEAD1'))).not.toThrow();
  });

  it.each<[string, Partial<PersonFacts>, NotApprover['why'], string]>([
    ['a bot', { isBot: true }, 'bot', 'Bots cannot approve'],
    ['a deactivated account', { isDeactivated: true }, 'deactivated', 'Deactivated accounts cannot approve'],
    ['a guest', { isGuest: true }, 'guest', 'Guest accounts cannot approve'],
    ['someone not listed', { isApprover: false }, 'not-listed', 'not an approver of `prod-admin`'],
  ])('%s may not, and is told why', (_who, facts, why, message) => {
    const error = thrownBy(
      () => assertMayDecide(entitlement(), REQUESTER, person('U0LEAD1', facts)),
      NotApprover,
    );

    expect(error.why).toBe(why);
    expect(error.code).toBe('not_approver');
    expect(saidOf(error)).toContain(message);
  });

  it('a listed guest bot is refused as a bot: the first reason found is given', () => {
    const error = thrownBy(
      () => assertMayDecide(entitlement(), REQUESTER, person('U0LEAD1', { isBot: true, isGuest: true })),
      NotApprover,
    );

    expect(error.why).toBe('bot');
  });

  it('the requester may not decide on their own request', () => {
    const error = thrownBy(() => assertMayDecide(entitlement(), 'U0LEAD1', person('U0LEAD1')), NotApprover);

    expect(error.why).toBe('requester');
    expect(saidOf(error)).toContain('your own request');
  });

  it('with selfApprove the requester may, when listed', () => {
    expect(() =>
      assertMayDecide(entitlement({ selfApprove: true }), 'U0LEAD1', person('U0LEAD1')),
    ).not.toThrow();
  });

  it.each<[string, Partial<PersonFacts>]>([
    ['a guest', { isGuest: true }],
    ['a bot', { isBot: true }],
    ['a deactivated account', { isDeactivated: true }],
  ])('selfApprove does not let %s approve their own request', (_who, facts) => {
    expect(() =>
      assertMayDecide(entitlement({ selfApprove: true }), 'U0LEAD1', person('U0LEAD1', facts)),
    ).toThrow(NotApprover);
  });

  it('a listed approver is an approver of the entitlement even where their own request is refused', () => {
    const lead = person('U0LEAD1');

    expect(whyNotApprover(lead)).toBeUndefined();
    expect(whyNotDecider(entitlement(), 'U0LEAD1', lead)).toBe('requester');
    expect(whyNotApprover(person('U0LEAD1', { isApprover: false }))).toBe('not-listed');
  });
});

describe('Policy: who may request', () => {
  it('anyone may ask when the entitlement lists no requesters', () => {
    expect(() => assertMayRequest(entitlement({ requesters: undefined }), false)).not.toThrow();
  });

  it('only those listed may ask when requesters are listed', () => {
    const ent = entitlement({ id: 'billing-read', requesters: ['@engineering'] });

    expect(() => assertMayRequest(ent, true)).not.toThrow();
    const error = thrownBy(() => assertMayRequest(ent, false), NotRequester);
    expect(error.entitlementId).toBe('billing-read');
  });

  it('an empty requester list lets no one ask', () => {
    expect(() => assertMayRequest(entitlement({ requesters: [] }), false)).toThrow(NotRequester);
  });
});

describe('Policy: who may end a grant early', () => {
  const grant = active();
  const nobody: Partial<PersonFacts> = { isApprover: false, isAdmin: false };

  it.each<[string, string, Partial<PersonFacts>]>([
    ['the holder', REQUESTER, nobody],
    ['an approver of the entitlement', 'U0LEAD1', {}],
    ['an admin', 'U0ADMIN', { ...nobody, isAdmin: true }],
  ])('%s may', (_who, userId, facts) => {
    expect(() => assertMayRevoke(grant, person(userId, facts))).not.toThrow();
  });

  it.each<[string, string, Partial<PersonFacts>]>([
    ['someone else', 'U0BOB', nobody],
    ['a guest approver', 'U0LEAD1', { isGuest: true }],
    ['a bot admin', 'U0BOT', { isAdmin: true, isBot: true }],
    ['a deactivated holder', REQUESTER, { ...nobody, isDeactivated: true }],
  ])('%s may not', (_who, userId, facts) => {
    const error = thrownBy(() => assertMayRevoke(grant, person(userId, facts)), NotAllowedToRevoke);

    expect(error.grantId).toBe(grant.id);
  });
});
