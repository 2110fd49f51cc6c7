// Which accounts a request covers: every account of a several-account entitlement (an OU's ACTIVE
// accounts as AWS Organizations lists them now), or the ones named after `@`, by id or by name. Resolved
// once, when the request is made, and kept on the grant: approval and revocation act on that list.

import type { Entitlement } from '../core/entitlement.js';
import { AccountsNotApplicable, OrganizationUnavailable, UnknownAccount } from '../core/errors.js';
import type { OrganizationAccount, Organizations } from '../core/ports.js';
import type { ServiceDeps } from './deps.js';

const ACCOUNT_ID = /^\d{12}$/;

/**
 * The accounts a request form offers for an entitlement. An OU that cannot be read now offers nothing, and
 * the failure is logged; a request for it says why when it is made.
 */
export async function accountsToOffer(
  deps: Pick<ServiceDeps, 'organizations' | 'log'>,
  entitlement: Entitlement,
): Promise<OrganizationAccount[]> {
  try {
    return await accountsOf(deps.organizations, entitlement);
  } catch (error) {
    deps.log.warn({ err: error, entitlementId: entitlement.id }, 'could not read the accounts to offer');
    return [];
  }
}

/** The accounts of an entitlement on several accounts, with their names where Organizations knows them. */
export async function accountsOf(
  organizations: Organizations | undefined,
  entitlement: Entitlement,
  withNames = true,
): Promise<OrganizationAccount[]> {
  const scope = entitlement.accounts;
  if (scope === undefined) return [];
  if (scope.kind === 'ou') {
    if (!organizations) throw new OrganizationUnavailable('no AWS Organizations endpoint is configured');
    const all = await organizations.accountsUnder(scope.ouId);
    return all.filter((a) => a.status === 'ACTIVE').sort((a, b) => a.id.localeCompare(b.id));
  }
  const unnamed = (id: string) => ({ id, name: '', status: 'ACTIVE' });
  if (!withNames || !organizations) return scope.accountIds.map(unnamed);
  // A listed account is granted whatever Organizations says of it; its name is a convenience, so an
  // account Organizations cannot describe (no permission, not a member) is offered by id alone.
  return Promise.all(
    scope.accountIds.map(async (id) => {
      // Nothing is lost without it: the account is offered, and granted, by its id.
      const found = await organizations.account(id).catch(() => undefined);
      return found ? { ...found, status: 'ACTIVE' } : unnamed(id);
    }),
  );
}

/**
 * The accounts a request covers, or `undefined` for an entitlement on one account or a group. `named` are the
 * words after `@`: account ids or names, each of which must be among the entitlement's accounts.
 */
export async function resolveAccounts(
  organizations: Organizations | undefined,
  entitlement: Entitlement,
  named: readonly string[] | undefined,
): Promise<string[] | undefined> {
  if (entitlement.accounts === undefined) {
    if (named !== undefined) throw new AccountsNotApplicable(entitlement.id);
    return undefined;
  }
  // Names are looked up only when a name was given: ids alone need no call to Organizations.
  const needNames = named?.some((n) => !ACCOUNT_ID.test(n)) ?? false;
  const candidates = await accountsOf(organizations, entitlement, needNames);
  if (named === undefined) {
    if (candidates.length === 0) throw new UnknownAccount(entitlement.id, [], []);
    return candidates.map((a) => a.id);
  }
  const chosen = new Set<string>();
  const unknown: string[] = [];
  for (const word of named) {
    const match = candidates.find(
      (a) => a.id === word || (a.name !== '' && a.name.toLowerCase() === word.toLowerCase()),
    );
    if (match) chosen.add(match.id);
    else unknown.push(word);
  }
  if (unknown.length > 0) {
    throw new UnknownAccount(
      entitlement.id,
      unknown,
      candidates.map((a) => ({ id: a.id, ...(a.name && { name: a.name }) })),
    );
  }
  // In the entitlement's order, whatever order they were named in.
  return candidates.filter((a) => chosen.has(a.id)).map((a) => a.id);
}
