// Grants at each point of their life, built through the lifecycle itself, and checks on their audit trail.

import { expect } from 'vitest';
import type { Entitlement } from '../../src/core/entitlement.js';
import type { Grant, GrantState } from '../../src/core/grant.js';
import { activate, approve, beginProvisioning, request } from '../../src/core/lifecycle.js';
import { entitlement, person } from './entitlements.js';

/** Monday 6 January 2025, 09:00 UTC: the clock every test starts from. */
export const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const REQUESTER = 'U0ALICE';
export const GRANT = 'g-abcdefgh';

export interface RequestOptions {
  requester?: string;
  durationSec?: number;
  reason?: string;
  now?: number;
}

/** A fresh request for the entitlement (pending unless it needs no approvals). */
export function requested(ent: Entitlement = entitlement(), options: RequestOptions = {}): Grant {
  return request({
    id: GRANT,
    entitlement: ent,
    requester: options.requester ?? REQUESTER,
    durationSec: options.durationSec ?? 3600,
    reason: options.reason ?? 'Deploying the hotfix for INC-42',
    now: options.now ?? T0,
  }).grant;
}

/** Approved by as many of the entitlement's listed user ids as its quorum needs, a minute after asking. */
export function approved(ent: Entitlement = entitlement(), options: RequestOptions = {}): Grant {
  let grant = requested(ent, options);
  const approvers = ent.approvers.filter((id) => id !== grant.requester);
  for (const id of approvers.slice(0, ent.approvals)) {
    grant = approve(grant, ent, person(id), (options.now ?? T0) + MINUTE).grant;
  }
  expect(grant.state).toBe('approved');
  return grant;
}

/** Active since `activatedAt` (by default two minutes after asking). */
export function active(
  ent: Entitlement = entitlement(),
  options: RequestOptions & { activatedAt?: number } = {},
): Grant {
  const activatedAt = options.activatedAt ?? (options.now ?? T0) + 2 * MINUTE;
  const provisioning = beginProvisioning(approved(ent, options), activatedAt).grant;
  return activate(provisioning, activatedAt, 'aws-req-1').grant;
}

/** The states a grant went through, read from its audit trail alone. */
export function statesFromEvents(grant: Grant): GrantState[] {
  const states: GrantState[] = [];
  for (const event of grant.events) {
    if (event.to !== null && states.at(-1) !== event.to) states.push(event.to);
  }
  return states;
}

/** The audit trail is one unbroken chain: it starts with the request and ends in the grant's state. */
export function expectUnbrokenTrail(grant: Grant): void {
  const [first, ...rest] = grant.events;
  expect(first?.from).toBeNull();
  expect(first?.to).toBe('pending');
  let previous = first!;
  for (const event of rest) {
    expect(event.from).toBe(previous.to);
    expect(event.at).toBeGreaterThanOrEqual(previous.at);
    expect(event.grantId).toBe(grant.id);
    previous = event;
  }
  expect(previous.to).toBe(grant.state);
}
