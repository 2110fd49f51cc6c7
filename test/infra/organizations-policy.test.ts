// The Organizations reads an entitlement on several accounts needs, in the Identity Center policy: an OU's
// walk for an entitlement on an OU, account names for one on a list, read-only, nothing else of
// Organizations, and assignments on the accounts it may assign.

import { describe, expect, it } from 'vitest';
import {
  identityCenterPolicy,
  ORGANIZATIONS_ACTIONS,
  STAR_ONLY_ACTIONS,
} from '../../infra/constructs/identity-center.js';
import { parseConfig } from '../../src/config/load.js';
import { readmeConfigWith } from '../support/config.js';

function statementsFor(change: Parameters<typeof readmeConfigWith>[0]) {
  const config = parseConfig(readmeConfigWith(change));
  return identityCenterPolicy(config, {
    identityStoreAccount: '111111111111',
  }).statements.map(
    (s) => s.toJSON() as { Sid: string; Action: string | string[]; Resource: string | string[] },
  );
}

const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);

describe('Identity Center policy: entitlements on several accounts', () => {
  it('reads AWS Organizations for an OU, and may assign on any account (the OU’s accounts are read at request time)', () => {
    const statements = statementsFor((doc) => {
      doc.entitlements.push({
        id: 'workloads-read',
        description: 'Read-only on every workload account',
        ou: 'ou-ab12-cd34ef56',
        permissionSet: 'ReadOnlyAccess',
        approvers: ['@sre-leads'],
      });
    });

    const org = statements.find((s) => s.Sid === 'ReadOrganization');
    expect(list(org!.Action).sort()).toEqual([
      'organizations:ListAccountsForParent',
      'organizations:ListChildren',
    ]);
    expect(list(org!.Action)).toEqual([...ORGANIZATIONS_ACTIONS.ou].sort());
    expect(list(org!.Action).every((a) => a in STAR_ONLY_ACTIONS)).toBe(true);
    const assign = statements.find((s) => s.Sid === 'ChangeAccountAssignments');
    expect(list(assign!.Resource)).toContain('arn:aws:sso:::account/*');
  });

  it('assigns on exactly the accounts a list names', () => {
    const statements = statementsFor((doc) => {
      doc.entitlements.push({
        id: 'pair-read',
        description: 'Read-only on two accounts',
        accounts: ['333333333333', '444444444444'],
        permissionSet: 'ReadOnlyAccess',
        approvers: ['@sre-leads'],
      });
    });

    // Only the names of the listed accounts are read: nothing walks an OU.
    const org = statements.find((s) => s.Sid === 'ReadOrganization');
    expect(list(org!.Action)).toEqual(['organizations:DescribeAccount']);
    const assign = list(statements.find((s) => s.Sid === 'ChangeAccountAssignments')!.Resource);
    expect(assign).toContain('arn:aws:sso:::account/333333333333');
    expect(assign).toContain('arn:aws:sso:::account/444444444444');
    expect(assign).not.toContain('arn:aws:sso:::account/*');
  });

  it('does not read AWS Organizations when no entitlement is on several accounts', () => {
    expect(statementsFor(() => undefined).some((s) => s.Sid === 'ReadOrganization')).toBe(false);
  });

  it('counts a list naming the management account anywhere as an entitlement on it', () => {
    const statements = statementsFor((doc) => {
      doc.identityCenter = { ...doc.identityCenter, managementAccount: '111111111111' };
      doc.entitlements = doc.entitlements.filter((e) => e.group !== undefined);
      doc.entitlements.push({
        id: 'pair-read',
        description: 'Read-only on two accounts',
        accounts: ['222222222222', '111111111111'],
        permissionSet: 'ReadOnlyAccess',
        approvers: ['@sre-leads'],
      });
    });

    expect(statements.some((s) => s.Sid.startsWith('ManagementAccount'))).toBe(true);
  });
});
