// What the simulated Identity Center holds: users, groups and memberships (the identity store), permission
// sets, account assignments, and the asynchronous operations that change assignments. Operations finish
// when their time is up, checked whenever the directory is read, so no timer runs.

import type { Clock } from '../../core/ports.js';
import { groupIdFor, membershipIdFor, permissionSetArnFor, requestIdFor, userIdFor } from './ids.js';
import type { ParsedSeed } from './org.js';

export interface SimUser {
  userId: string;
  userName: string;
  email: string;
  displayName: string;
  active: boolean;
}

export interface SimGroup {
  groupId: string;
  displayName: string;
  description?: string | undefined;
}

export interface SimMembership {
  membershipId: string;
  groupId: string;
  userId: string;
}

export interface SimPermissionSet {
  arn: string;
  name: string;
  description?: string | undefined;
  sessionDuration: string;
  createdAt: number;
}

export type PrincipalType = 'USER' | 'GROUP';

export interface Assignment {
  accountId: string;
  permissionSetArn: string;
  principalType: PrincipalType;
  principalId: string;
}

export type OperationKind = 'creation' | 'deletion';

export interface AssignmentOperation {
  kind: OperationKind;
  requestId: string;
  assignment: Assignment;
  createdAt: number;
  completesAt: number;
  /** Decided when the operation finishes (or planted as a fault when it starts). */
  failureReason?: string | undefined;
  status: 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';
}

export function assignmentKey(a: Assignment): string {
  return `${a.accountId}#${a.permissionSetArn}#${a.principalType}#${a.principalId}`;
}

export class Directory {
  readonly instanceArn: string;
  readonly identityStoreId: string;
  readonly ownerAccountId: string;
  readonly accounts: { id: string; name: string }[];
  readonly createdAt: number;
  readonly users: SimUser[] = [];
  readonly groups: SimGroup[] = [];
  readonly memberships = new Map<string, SimMembership>();
  readonly permissionSets: SimPermissionSet[] = [];
  /** Insertion order is listing order. */
  readonly assignments = new Map<string, Assignment>();
  readonly operations = new Map<string, AssignmentOperation>();
  /** The operations still IN_PROGRESS, soonest to finish first, so settling does not walk the history. */
  private readonly running: AssignmentOperation[] = [];
  private membershipSequence = 0;
  private requestSequence = 0;
  private groupSequence = 0;

  constructor(
    seed: ParsedSeed,
    private readonly clock: Clock,
    private readonly provisioningMs: number,
  ) {
    this.instanceArn = seed.instanceArn;
    this.identityStoreId = seed.identityStoreId;
    this.ownerAccountId = seed.accountId;
    this.accounts = seed.accounts.map((a) => ({ ...a }));
    this.createdAt = clock.now();
    for (const u of seed.users) {
      this.users.push({ ...u, userId: userIdFor(seed.identityStoreId, u.userName) });
    }
    for (const g of seed.groups) {
      const groupId = groupIdFor(seed.identityStoreId, g.displayName);
      this.groups.push({ groupId, displayName: g.displayName, description: g.description });
      for (const member of g.members) this.addMembership(groupId, this.userByName(member)!.userId);
    }
    for (const p of seed.permissionSets) {
      this.permissionSets.push({
        ...p,
        arn: permissionSetArnFor(seed.instanceArn, p.name),
        createdAt: this.createdAt,
      });
    }
    for (const a of seed.assignments) {
      const principalId =
        a.user !== undefined
          ? this.userByName(a.user)!.userId
          : this.groups.find((g) => g.displayName === a.group)!.groupId;
      const assignment: Assignment = {
        accountId: a.account,
        permissionSetArn: this.permissionSetByName(a.permissionSet)!.arn,
        principalType: a.user !== undefined ? 'USER' : 'GROUP',
        principalId,
      };
      this.assignments.set(assignmentKey(assignment), assignment);
    }
  }

  // ── identity store ──────────────────────────────────────────────────────────────────────────────

  userById(userId: string): SimUser | undefined {
    return this.users.find((u) => u.userId === userId);
  }
  userByName(userName: string): SimUser | undefined {
    return this.users.find((u) => u.userName === userName);
  }
  /** Email addresses match whatever their case, as Identity Center matches them. */
  userByEmail(email: string): SimUser | undefined {
    const wanted = email.toLowerCase();
    return this.users.find((u) => u.email.toLowerCase() === wanted);
  }
  groupById(groupId: string): SimGroup | undefined {
    return this.groups.find((g) => g.groupId === groupId);
  }
  groupByName(displayName: string): SimGroup | undefined {
    return this.groups.find((g) => g.displayName === displayName);
  }
  /** A new group; its id is new even when an earlier group had the same name. */
  addGroup(displayName: string, description?: string): SimGroup {
    this.groupSequence += 1;
    const group = {
      groupId: groupIdFor(this.identityStoreId, `${displayName}#created-${this.groupSequence}`),
      displayName,
      description,
    };
    this.groups.push(group);
    return group;
  }
  /** Deleting a group deletes its memberships with it. */
  deleteGroup(groupId: string): boolean {
    const index = this.groups.findIndex((g) => g.groupId === groupId);
    if (index < 0) return false;
    this.groups.splice(index, 1);
    for (const m of this.membersOf(groupId)) this.memberships.delete(m.membershipId);
    return true;
  }
  membershipById(membershipId: string): SimMembership | undefined {
    return this.memberships.get(membershipId);
  }
  membershipOf(groupId: string, userId: string): SimMembership | undefined {
    for (const m of this.memberships.values()) if (m.groupId === groupId && m.userId === userId) return m;
    return undefined;
  }
  addMembership(groupId: string, userId: string): SimMembership {
    this.membershipSequence += 1;
    const membership = {
      membershipId: membershipIdFor(this.identityStoreId, this.membershipSequence),
      groupId,
      userId,
    };
    this.memberships.set(membership.membershipId, membership);
    return membership;
  }
  membersOf(groupId: string): SimMembership[] {
    return [...this.memberships.values()].filter((m) => m.groupId === groupId);
  }

  // ── permission sets and assignments ─────────────────────────────────────────────────────────────

  permissionSetByArn(arn: string): SimPermissionSet | undefined {
    return this.permissionSets.find((p) => p.arn === arn);
  }
  permissionSetByName(name: string): SimPermissionSet | undefined {
    return this.permissionSets.find((p) => p.name === name);
  }

  listAssignments(filter: Partial<Assignment>): Assignment[] {
    this.settle();
    return [...this.assignments.values()].filter(
      (a) =>
        (filter.accountId === undefined || a.accountId === filter.accountId) &&
        (filter.permissionSetArn === undefined || a.permissionSetArn === filter.permissionSetArn) &&
        (filter.principalType === undefined || a.principalType === filter.principalType) &&
        (filter.principalId === undefined || a.principalId === filter.principalId),
    );
  }

  /** Operations on assignments that have not finished yet. */
  inProgress(): AssignmentOperation[] {
    this.settle();
    return [...this.running];
  }

  /** Operations of one kind, newest first, optionally only those in one status. */
  operationsOf(kind: OperationKind, status?: AssignmentOperation['status']): AssignmentOperation[] {
    this.settle();
    const source = status === 'IN_PROGRESS' ? this.running : [...this.operations.values()];
    return source
      .filter((op) => op.kind === kind && (status === undefined || op.status === status))
      .reverse();
  }

  startOperation(kind: OperationKind, assignment: Assignment, plantedFailure?: string): AssignmentOperation {
    this.requestSequence += 1;
    const now = this.clock.now();
    const op: AssignmentOperation = {
      kind,
      requestId: requestIdFor(`${this.instanceArn}#${kind}`, this.requestSequence),
      assignment,
      createdAt: now,
      completesAt: now + this.provisioningMs,
      failureReason: plantedFailure,
      status: 'IN_PROGRESS',
    };
    this.operations.set(op.requestId, op);
    // Every operation takes the same time, so appending keeps `running` in order of completion.
    this.running.push(op);
    this.settle();
    return op;
  }

  operation(requestId: string): AssignmentOperation | undefined {
    this.settle();
    return this.operations.get(requestId);
  }

  /** Finishes, in order, every operation whose time has come. */
  settle(): void {
    const now = this.clock.now();
    while (this.running.length > 0 && this.running[0]!.completesAt <= now) this.finish(this.running.shift()!);
  }

  private finish(op: AssignmentOperation): void {
    const key = assignmentKey(op.assignment);
    const reason = op.failureReason ?? this.whyItFails(op);
    if (reason !== undefined) {
      op.status = 'FAILED';
      op.failureReason = reason;
      return;
    }
    if (op.kind === 'creation') this.assignments.set(key, op.assignment);
    else this.assignments.delete(key);
    op.status = 'SUCCEEDED';
  }

  private whyItFails(op: AssignmentOperation): string | undefined {
    const a = op.assignment;
    if (op.kind === 'deletion') {
      return this.assignments.has(assignmentKey(a))
        ? undefined
        : `Received a 404 status error: No account assignment exists for ${a.principalType} ${a.principalId} with permission set ${a.permissionSetArn} on account ${a.accountId}.`;
    }
    const principalExists =
      a.principalType === 'USER' ? this.userById(a.principalId) : this.groupById(a.principalId);
    if (!principalExists) {
      return `Received a 404 status error: ${a.principalType} ${a.principalId} does not exist in the identity store.`;
    }
    // The management account, which owns the instance, is a member of its organization too.
    if (a.accountId !== this.ownerAccountId && !this.accounts.some((acc) => acc.id === a.accountId)) {
      return `Received a 404 status error: Account ${a.accountId} is not a member of the organization.`;
    }
    return undefined;
  }
}
