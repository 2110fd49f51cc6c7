import { describe, expect, it } from 'vitest';
import { AccountsNotApplicable, OrganizationUnavailable, UnknownAccount } from '../../src/core/errors.js';
import type { OrganizationAccount, Organizations } from '../../src/core/ports.js';
import { resolveAccounts } from '../../src/service/accounts.js';
import { entitlement } from '../support/entitlements.js';
import { saidOf } from '../support/errors.js';

/** An organization held in memory: the accounts under each OU, nested ones already flattened. */
function organization(under: Record<string, OrganizationAccount[]>): Organizations & { calls: string[] } {
  const calls: string[] = [];
  const all = Object.values(under).flat();
  return {
    calls,
    async accountsUnder(ouId) {
      calls.push(`under ${ouId}`);
      const found = under[ouId];
      if (!found) throw new OrganizationUnavailable(`the organization has no OU ${ouId}`);
      return found;
    },
    async account(id) {
      calls.push(`account ${id}`);
      return all.find((a) => a.id === id);
    },
  };
}

const billing = { id: '333333333333', name: 'billing', status: 'ACTIVE' };
const analytics = { id: '444444444444', name: 'analytics', status: 'ACTIVE' };
const retired = { id: '777777777777', name: 'retired-etl', status: 'SUSPENDED' };
const org = () => organization({ 'ou-ab12-workload1': [analytics, billing, retired] });

const onOu = entitlement({ id: 'workloads-read', accounts: { kind: 'ou', ouId: 'ou-ab12-workload1' } });
const onList = entitlement({
  id: 'pair-read',
  accounts: { kind: 'list', accountIds: ['444444444444', '333333333333'] },
});

describe('Function: resolveAccounts', () => {
  it('covers every ACTIVE account under an OU, in id order', async () => {
    expect(await resolveAccounts(org(), onOu, undefined)).toEqual(['333333333333', '444444444444']);
  });

  it('narrows to the accounts named, by id or by name in any case, in the entitlement’s order', async () => {
    expect(await resolveAccounts(org(), onOu, ['ANALYTICS', '333333333333'])).toEqual([
      '333333333333',
      '444444444444',
    ]);
  });

  it('refuses a name outside the entitlement, or not ACTIVE, listing what it covers', async () => {
    const error = await resolveAccounts(org(), onOu, ['retired-etl', 'billing']).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(UnknownAccount);
    expect((error as UnknownAccount).given).toEqual(['retired-etl']);
    expect(saidOf(error as UnknownAccount)).toContain('`analytics` (444444444444)');
  });

  it('covers a list as listed, without asking Organizations when no name is given', async () => {
    const o = org();

    expect(await resolveAccounts(o, onList, undefined)).toEqual(['444444444444', '333333333333']);
    expect(await resolveAccounts(o, onList, ['333333333333'])).toEqual(['333333333333']);
    expect(o.calls).toEqual([]);
  });

  it('asks Organizations for names only when a name is given', async () => {
    const o = org();

    expect(await resolveAccounts(o, onList, ['billing'])).toEqual(['333333333333']);
    expect(o.calls).toEqual(['account 444444444444', 'account 333333333333']);
  });

  it('says an OU cannot be resolved without Organizations', async () => {
    await expect(resolveAccounts(undefined, onOu, undefined)).rejects.toBeInstanceOf(OrganizationUnavailable);
  });

  it('refuses accounts named for an entitlement on one account', async () => {
    const error = await resolveAccounts(org(), entitlement(), ['billing']).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AccountsNotApplicable);
    expect((error as AccountsNotApplicable).entitlementId).toBe('prod-admin');
  });

  it('leaves a one-account entitlement as it is', async () => {
    expect(await resolveAccounts(org(), entitlement(), undefined)).toBeUndefined();
  });
});
