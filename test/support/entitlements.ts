// Entitlements and people for tests, in the core's shape.

import type { Entitlement } from '../../src/core/entitlement.js';
import type { PersonFacts } from '../../src/core/policy.js';

export function entitlement(overrides: Partial<Entitlement> = {}): Entitlement {
  return {
    id: 'prod-admin',
    description: 'Administrator on production',
    target: { kind: 'permissionSet', accountId: '123456789012', permissionSet: 'AdministratorAccess' },
    approvers: ['U0LEAD1', 'U0LEAD2', 'U0LEAD3'],
    requesters: undefined,
    approvals: 1,
    selfApprove: false,
    minDurationSec: 300,
    maxDurationSec: 4 * 3600,
    approvalWindowSec: 3600,
    channel: 'C0APPROVALS',
    // As the config's default: three times the longest single grant.
    maxTotalSec: 3 * (overrides.maxDurationSec ?? 4 * 3600),
    ...overrides,
  };
}

/** An approver in good standing unless the overrides say otherwise. */
export function person(userId: string, overrides: Partial<PersonFacts> = {}): PersonFacts {
  return {
    userId,
    isApprover: true,
    isAdmin: false,
    isBot: false,
    isGuest: false,
    isDeactivated: false,
    ...overrides,
  };
}
