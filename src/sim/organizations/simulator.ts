// AWS Organizations, simulated for reading the organization: ListChildren, ListAccountsForParent and
// DescribeAccount, which Latchkey calls, and ListRoots and DescribeOrganization, which tests use to find
// their way around it. Inputs are checked as the service checks
// them (id patterns, enums, MaxResults 1–20, tokens only for the listing that issued them), pages are small
// so a client that does not follow NextToken misses accounts, and a test can plant throttling.

import { randomBytes } from 'node:crypto';
import type { Iam } from '../iam/index.js';
import { invalidInput, OrganizationsError, type OrganizationsErrorType } from './errors.js';
import { type OrganizationUnitSeed, type OrganizationWorld, OU_ID, ROOT_ID } from './seed.js';

const ACCOUNT_ID = /^\d{12}$/;
const JOINED = Date.UTC(2024, 0, 15) / 1000;

interface Unit {
  id: string;
  name: string;
  parentId: string;
  accounts: string[];
}

export interface OrganizationsCall {
  operation: string;
  input: Record<string, unknown>;
  status: number;
}

export interface OrganizationsSimOptions {
  /** The most items a page holds, whatever MaxResults asks (default 2, to make clients page). */
  pageSize?: number;
  /** Enforces IAM: every call is authorized for the key that signed it (see src/sim/iam). */
  iam?: Iam;
  /**
   * Answer the first page of a listing empty, with a NextToken, as the service documents it may: a client
   * that stops at an empty page instead of at a missing NextToken misses everything.
   */
  emptyFirstPage?: boolean;
}

export class OrganizationsSim {
  private readonly units = new Map<string, Unit>();
  private readonly parentOf = new Map<string, string>();
  private readonly names = new Map<string, { name: string; email: string }>();
  private readonly suspended = new Set<string>();
  private readonly calls: OrganizationsCall[] = [];
  private readonly faults: { operation: string; error: OrganizationsErrorType; times: number }[] = [];
  private readonly pageSize: number;
  private readonly emptyFirstPage: boolean;

  constructor(
    private readonly world: OrganizationWorld,
    options: OrganizationsSimOptions = {},
  ) {
    this.pageSize = options.pageSize ?? 2;
    this.emptyFirstPage = options.emptyFirstPage ?? false;
    const org = world.organization;
    for (const account of world.accounts) {
      this.names.set(account.id, {
        name: account.name,
        email: account.email ?? `aws+${account.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}@example.com`,
      });
      this.parentOf.set(account.id, org.rootId);
    }
    const place = (seed: OrganizationUnitSeed, parentId: string) => {
      this.units.set(seed.id, { id: seed.id, name: seed.name, parentId, accounts: seed.accounts ?? [] });
      for (const account of seed.accounts ?? []) this.parentOf.set(account, seed.id);
      for (const child of seed.units ?? []) place(child, seed.id);
    };
    for (const seed of org.units) place(seed, org.rootId);
    for (const id of org.suspended) this.suspended.add(id);
  }

  /** The next `times` calls of `operation` (or `*`) fail with `error`. */
  failNext(operation: string, error: OrganizationsErrorType, times = 1): void {
    this.faults.push({ operation, error, times });
  }

  callsTo(operation?: string): OrganizationsCall[] {
    return this.calls.filter((c) => operation === undefined || c.operation === operation);
  }

  /** Moves an account to another parent, or suspends it: what happens to an organization between requests. */
  moveAccount(accountId: string, parentId: string): void {
    this.parentOf.set(accountId, parentId);
  }

  suspend(accountId: string): void {
    this.suspended.add(accountId);
  }

  call(operation: string, input: Record<string, unknown>): unknown {
    try {
      const fault = this.takeFault(operation);
      if (fault) throw new OrganizationsError(fault, faultMessage(fault));
      const output = this.answer(operation, input);
      this.calls.push({ operation, input, status: 200 });
      return output;
    } catch (error) {
      const status = error instanceof OrganizationsError ? error.status : 500;
      this.calls.push({ operation, input, status });
      throw error;
    }
  }

  private answer(operation: string, input: Record<string, unknown>): unknown {
    const org = this.world.organization;
    switch (operation) {
      case 'DescribeOrganization':
        return {
          Organization: {
            Id: org.id,
            Arn: `arn:aws:organizations::${org.managementAccount}:organization/${org.id}`,
            FeatureSet: 'ALL',
            MasterAccountArn: this.accountArn(org.managementAccount),
            MasterAccountId: org.managementAccount,
            MasterAccountEmail: this.names.get(org.managementAccount)?.email ?? 'aws@example.com',
            AvailablePolicyTypes: [],
          },
        };
      case 'ListRoots': {
        const roots = [
          {
            Id: org.rootId,
            Arn: `arn:aws:organizations::${org.managementAccount}:root/${org.id}/${org.rootId}`,
            Name: 'Root',
            PolicyTypes: [],
          },
        ];
        const page = this.page(roots, input, 'ListRoots');
        return { Roots: page.items, ...(page.next && { NextToken: page.next }) };
      }
      case 'ListChildren': {
        const parentId = this.parent(input.ParentId);
        const childType = input.ChildType;
        if (childType === undefined) throw invalidInput('INPUT_REQUIRED', 'ChildType is required.');
        if (childType !== 'ACCOUNT' && childType !== 'ORGANIZATIONAL_UNIT') {
          throw invalidInput('INVALID_ENUM', `ChildType must be ACCOUNT or ORGANIZATIONAL_UNIT.`);
        }
        const children =
          childType === 'ACCOUNT'
            ? this.accountsIn(parentId).map((id) => ({ Id: id, Type: 'ACCOUNT' }))
            : [...this.units.values()]
                .filter((u) => u.parentId === parentId)
                .map((u) => ({ Id: u.id, Type: 'ORGANIZATIONAL_UNIT' }));
        const page = this.page(children, input, `ListChildren ${parentId} ${childType}`);
        return { Children: page.items, ...(page.next && { NextToken: page.next }) };
      }
      case 'ListAccountsForParent': {
        const parentId = this.parent(input.ParentId);
        const accounts = this.accountsIn(parentId).map((id) => this.account(id));
        const page = this.page(accounts, input, `ListAccountsForParent ${parentId}`);
        return { Accounts: page.items, ...(page.next && { NextToken: page.next }) };
      }
      case 'DescribeAccount': {
        const id = input.AccountId;
        if (id === undefined) throw invalidInput('INPUT_REQUIRED', 'AccountId is required.');
        if (typeof id !== 'string' || !ACCOUNT_ID.test(id)) {
          throw invalidInput('INVALID_PATTERN', 'AccountId must be twelve digits.');
        }
        if (!this.names.has(id)) {
          throw new OrganizationsError(
            'AccountNotFoundException',
            "You specified an account that doesn't exist.",
          );
        }
        return { Account: this.account(id) };
      }
      default:
        throw new OrganizationsError('UnknownOperationException', `Unknown operation ${operation}.`);
    }
  }

  private parent(value: unknown): string {
    if (value === undefined) throw invalidInput('INPUT_REQUIRED', 'ParentId is required.');
    if (typeof value !== 'string' || !(ROOT_ID.test(value) || OU_ID.test(value))) {
      throw invalidInput('INVALID_PATTERN', 'ParentId must be a root id (r-…) or an OU id (ou-…-…).');
    }
    if (value !== this.world.organization.rootId && !this.units.has(value)) {
      throw new OrganizationsError(
        'ParentNotFoundException',
        'We can’t find a root or OU with the ParentId that you specified.',
      );
    }
    return value;
  }

  private accountsIn(parentId: string): string[] {
    return [...this.parentOf.entries()]
      .filter(([, parent]) => parent === parentId)
      .map(([id]) => id)
      .sort();
  }

  private account(id: string) {
    const known = this.names.get(id);
    return {
      Id: id,
      Arn: this.accountArn(id),
      Email: known?.email ?? `aws+${id}@example.com`,
      Name: known?.name ?? id,
      Status: this.suspended.has(id) ? 'SUSPENDED' : 'ACTIVE',
      State: this.suspended.has(id) ? 'SUSPENDED' : 'ACTIVE',
      JoinedMethod: id === this.world.organization.managementAccount ? 'INVITED' : 'CREATED',
      JoinedTimestamp: JOINED,
    };
  }

  private accountArn(id: string): string {
    const org = this.world.organization;
    return `arn:aws:organizations::${org.managementAccount}:account/${org.id}/${id}`;
  }

  private readonly tokens = new Map<string, { listing: string; offset: number }>();

  private page<T>(all: T[], input: Record<string, unknown>, listing: string): { items: T[]; next?: string } {
    const max = input.MaxResults;
    if (max !== undefined && (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 20)) {
      throw invalidInput(
        typeof max === 'number' && max < 1 ? 'MIN_VALUE_EXCEEDED' : 'MAX_VALUE_EXCEEDED',
        'MaxResults must be between 1 and 20.',
      );
    }
    let offset = 0;
    if (input.NextToken === undefined && this.emptyFirstPage && all.length > 0) {
      const next = randomBytes(24).toString('base64url');
      this.tokens.set(next, { listing, offset: 0 });
      return { items: [], next };
    }
    if (input.NextToken !== undefined) {
      const known = typeof input.NextToken === 'string' ? this.tokens.get(input.NextToken) : undefined;
      if (!known || known.listing !== listing) {
        throw invalidInput('INVALID_NEXT_TOKEN', 'The NextToken is not valid for this request.');
      }
      offset = known.offset;
    }
    const size = Math.min(typeof max === 'number' ? max : 20, this.pageSize);
    const items = all.slice(offset, offset + size);
    if (offset + size >= all.length) return { items };
    const next = randomBytes(24).toString('base64url');
    this.tokens.set(next, { listing, offset: offset + size });
    return { items, next };
  }

  private takeFault(operation: string): OrganizationsErrorType | undefined {
    const index = this.faults.findIndex((f) => f.operation === operation || f.operation === '*');
    const fault = this.faults[index];
    if (!fault) return undefined;
    fault.times -= 1;
    if (fault.times === 0) this.faults.splice(index, 1);
    return fault.error;
  }
}

function faultMessage(type: OrganizationsErrorType): string {
  switch (type) {
    case 'TooManyRequestsException':
      return 'You have sent too many requests in too short a period of time. The quota helps protect against denial-of-service attacks. Try again later.';
    case 'AccessDeniedException':
      return 'You don’t have permissions to access this resource.';
    case 'AWSOrganizationsNotInUseException':
      return 'Your account is not a member of an organization.';
    case 'ServiceException':
      return 'AWS Organizations can’t complete your request because of an internal service error. Try again later.';
    default:
      return 'The request was refused.';
  }
}
