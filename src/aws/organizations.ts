// AWS Organizations as Latchkey reads it: the accounts under an OU (walking nested OUs with ListChildren,
// listing each level with ListAccountsForParent, every page of each) and one account's name. The
// SDK retries throttling (TooManyRequestsException); anything else becomes an error the caller can show.

import {
  AccountNotFoundException,
  DescribeAccountCommand,
  type OrganizationsClient,
  ParentNotFoundException,
  paginateListAccountsForParent,
  paginateListChildren,
} from '@aws-sdk/client-organizations';
import { OrganizationUnavailable } from '../core/errors.js';
import type { OrganizationAccount, Organizations } from '../core/ports.js';

/** OUs nest at most five levels deep under the root; a deeper walk means a loop in what AWS answered. */
const MAX_DEPTH = 6;

export class AwsOrganizations implements Organizations {
  constructor(private readonly client: OrganizationsClient) {}

  async accountsUnder(ouId: string): Promise<OrganizationAccount[]> {
    try {
      const found = new Map<string, OrganizationAccount>();
      await this.walk(ouId, 0, found);
      return [...found.values()];
    } catch (error) {
      if (error instanceof ParentNotFoundException) {
        throw new OrganizationUnavailable(`the organization has no OU ${ouId}`, { cause: error });
      }
      throw unavailable(error);
    }
  }

  async account(accountId: string): Promise<OrganizationAccount | undefined> {
    try {
      const out = await this.client.send(new DescribeAccountCommand({ AccountId: accountId }));
      return out.Account?.Id ? toAccount(out.Account) : undefined;
    } catch (error) {
      if (error instanceof AccountNotFoundException) return undefined;
      throw unavailable(error);
    }
  }

  private async walk(parentId: string, depth: number, found: Map<string, OrganizationAccount>) {
    if (depth > MAX_DEPTH) throw new Error(`OUs nest deeper than ${MAX_DEPTH} levels under ${parentId}`);
    const paging = { client: this.client, pageSize: 20 };
    for await (const page of paginateListAccountsForParent(paging, { ParentId: parentId })) {
      for (const account of page.Accounts ?? []) if (account.Id) found.set(account.Id, toAccount(account));
    }
    const units: string[] = [];
    const children = paginateListChildren(paging, { ParentId: parentId, ChildType: 'ORGANIZATIONAL_UNIT' });
    for await (const page of children) {
      for (const child of page.Children ?? []) if (child.Id) units.push(child.Id);
    }
    for (const unit of units) await this.walk(unit, depth + 1, found);
  }
}

function toAccount(account: { Id?: string; Name?: string; Status?: string; State?: string }) {
  return {
    id: account.Id ?? '',
    name: account.Name ?? account.Id ?? '',
    status: account.State ?? account.Status ?? 'ACTIVE',
  };
}

function unavailable(error: unknown): OrganizationUnavailable {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return new OrganizationUnavailable(`${name}: ${message}`, { cause: error });
}
