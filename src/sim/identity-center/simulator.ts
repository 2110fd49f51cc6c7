// The simulated Identity Center behind the HTTP front: runs one operation of any of its services with
// planted faults, quotas and a call log, and answers what a test or a web page wants to see.

import type { Target } from '../../core/entitlement.js';
import { type Clock, systemClock } from '../../core/ports.js';
import {
  authorizeOperation,
  type Iam,
  type IdentityStoreContext,
  type Input,
  identityStoreAuthorization,
  type ServiceAuthorization,
  ssoAdminAuthorization,
  stsAuthorization,
  UnmappedOperationError,
} from '../iam/index.js';
import { AwsError } from './aws-error.js';
import { assignmentKey, Directory } from './directory.js';
import { type CallFault, FaultPlan, type ProvisioningFault } from './faults.js';
import { identityStoreHandlers } from './identitystore.js';
import { uuidFrom } from './ids.js';
import { type IdentityCenterSeed, type ParsedSeed, parseSeed } from './org.js';
import { type QuotaOptions, Quotas } from './quotas.js';
import { type Handler, ssoAdminHandlers } from './sso-admin.js';
import { StsService } from './sts.js';

export type SimService = 'sso-admin' | 'identitystore' | 'sts';

export interface SimOptions {
  seed: IdentityCenterSeed;
  /** How long an account assignment creation or deletion stays IN_PROGRESS. */
  provisioningMs?: number;
  /** Off unless given; `AWS_QUOTAS` holds the documented values. */
  quotas?: QuotaOptions;
  /** The most items a list operation returns in one page, whatever MaxResults asks. */
  pageSize?: number;
  clock?: Clock;
  sleep?: (ms: number) => Promise<void>;
  /**
   * Enforces IAM: every call is authorized for the access key that signed it, as AWS would, and refused
   * with AccessDeniedException otherwise. Without it any signature is accepted.
   */
  iam?: Iam;
}

export interface CallRecord {
  service: SimService;
  operation: string;
  /** When the request arrived (clock milliseconds). */
  at: number;
  /** The HTTP status answered; 0 while the call is being answered. */
  status: number;
  error?: string;
}

export interface SnapshotAssignment {
  accountId: string;
  accountName?: string;
  permissionSet: string;
  permissionSetArn: string;
  principalType: 'USER' | 'GROUP';
  principalId: string;
  /** The user name or group display name. */
  principal: string;
}

/** What Identity Center does in IAM as the caller when an assignment on the management account changes. */
const MANAGEMENT_ACCOUNT_STEPS: Record<string, { role: string[]; provider: string[] }> = {
  CreateAccountAssignment: {
    role: [
      'iam:GetRole',
      'iam:CreateRole',
      'iam:PutRolePolicy',
      'iam:AttachRolePolicy',
      'iam:UpdateAssumeRolePolicy',
    ],
    provider: ['iam:GetSAMLProvider', 'iam:CreateSAMLProvider', 'iam:UpdateSAMLProvider'],
  },
  DeleteAccountAssignment: {
    role: [
      'iam:GetRole',
      'iam:ListRolePolicies',
      'iam:DeleteRolePolicy',
      'iam:ListAttachedRolePolicies',
      'iam:DetachRolePolicy',
      'iam:DeleteRole',
    ],
    provider: ['iam:GetSAMLProvider'],
  },
};

const roleSuffix = (seed: string) => uuidFrom(seed).replace(/-/g, '').slice(0, 16);
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class IdentityCenterSim {
  readonly faults = new FaultPlan();
  readonly calls: CallRecord[] = [];
  private readonly afterAnswer: { operation: string; action: () => void }[] = [];
  private readonly seed: ParsedSeed;
  private readonly clock: Clock;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly quotas: Quotas;
  private directory!: Directory;
  private handlers!: Record<'sso-admin' | 'identitystore', Record<string, Handler>>;
  sts!: StsService;

  constructor(private readonly options: SimOptions) {
    this.seed = parseSeed(options.seed);
    this.clock = options.clock ?? systemClock;
    this.sleep = options.sleep ?? realSleep;
    this.quotas = new Quotas(options.quotas ?? {}, this.clock);
    this.build();
  }

  private build(): void {
    this.directory = new Directory(this.seed, this.clock, this.options.provisioningMs ?? 200);
    const ctx = {
      directory: this.directory,
      faults: this.faults,
      quotas: this.quotas,
      pageSize: this.options.pageSize ?? 100,
    };
    this.sts = new StsService(this.seed.accountId, this.clock, undefined, this.options.iam);
    this.handlers = { 'sso-admin': ssoAdminHandlers(ctx), identitystore: identityStoreHandlers(ctx) };
  }

  get instanceArn(): string {
    return this.directory.instanceArn;
  }
  get identityStoreId(): string {
    return this.directory.identityStoreId;
  }

  get iam(): Iam | undefined {
    return this.options.iam;
  }

  /**
   * Runs one sso-admin or identitystore operation, signed with `accessKeyId`; throws `AwsError` as the
   * service would answer.
   */
  call(
    service: 'sso-admin' | 'identitystore',
    operation: string,
    input: unknown,
    accessKeyId?: string,
  ): Promise<unknown> {
    return this.run(service, operation, () => {
      const handler = this.handlers[service][operation];
      if (!handler) throw new AwsError('UnknownOperationException', `Unknown operation ${operation}.`);
      if (service === 'sso-admin') {
        this.authorize(ssoAdminAuthorization, operation, input, accessKeyId, undefined);
        this.authorizeManagementAccount(operation, input, accessKeyId);
      } else {
        this.authorize(identityStoreAuthorization, operation, input, accessKeyId, this.storeContext());
      }
      return handler(input);
    });
  }

  /** Runs one STS query request, signed with `accessKeyId`; answers the XML body. */
  callSts(params: URLSearchParams, accessKeyId: string | undefined, requestId: string): Promise<string> {
    const action = params.get('Action') ?? '';
    return this.run('sts', action, () => {
      if (action in stsAuthorization.operations) {
        this.authorize(stsAuthorization, action, Object.fromEntries(params), accessKeyId, undefined);
      }
      return this.sts.handle(params, accessKeyId, requestId);
    });
  }

  private authorize<C>(
    service: ServiceAuthorization<C>,
    operation: string,
    input: unknown,
    accessKeyId: string | undefined,
    context: C,
  ): void {
    const iam = this.options.iam;
    if (!iam) return;
    const body = (typeof input === 'object' && input !== null ? input : {}) as Input;
    let result: ReturnType<typeof authorizeOperation>;
    try {
      result = authorizeOperation(iam, service, { operation, input: body, accessKeyId, context });
    } catch (error) {
      // An operation with no resource map cannot be judged: say so rather than answer a bare 500.
      if (error instanceof UnmappedOperationError)
        throw new AwsError('InternalServerException', error.message);
      throw error;
    }
    if (result.allowed) return;
    throw new AwsError(
      result.denial.kind === 'AccessDenied' ? 'AccessDeniedException' : 'UnrecognizedClientException',
      result.denial.message,
    );
  }

  /**
   * On the management account Identity Center creates (and removes) its reserved role and SAML provider
   * as the caller, not through its service-linked role: the caller needs those IAM actions there.
   */
  private authorizeManagementAccount(
    operation: string,
    input: unknown,
    accessKeyId: string | undefined,
  ): void {
    const iam = this.options.iam;
    const steps = MANAGEMENT_ACCOUNT_STEPS[operation];
    const body = (typeof input === 'object' && input !== null ? input : {}) as Input;
    const account = this.directory.ownerAccountId;
    if (!iam || !steps || body.TargetId !== account) return;
    const permissionSet = this.directory.permissionSetByArn(String(body.PermissionSetArn ?? ''));
    const role = `arn:aws:iam::${account}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_${permissionSet?.name ?? 'unknown'}_${roleSuffix(permissionSet?.arn ?? '')}`;
    const provider = `arn:aws:iam::${account}:saml-provider/AWSSSO_${roleSuffix(this.instanceArn)}_DO_NOT_DELETE`;
    for (const [action, resource] of [
      ...steps.role.map((a) => [a, role] as const),
      ...steps.provider.map((a) => [a, provider] as const),
    ]) {
      const result = iam.authorize({ accessKeyId, action, resources: [resource] });
      if (!result.allowed) {
        throw new AwsError(
          result.denial.kind === 'AccessDenied' ? 'AccessDeniedException' : 'UnrecognizedClientException',
          result.denial.message,
        );
      }
    }
  }

  private storeContext(): IdentityStoreContext {
    const dir = this.directory;
    const attribute = (input: Input) => {
      const alternate = input.AlternateIdentifier as
        | { UniqueAttribute?: { AttributePath?: unknown; AttributeValue?: unknown } }
        | undefined;
      const attr = alternate?.UniqueAttribute;
      return { path: String(attr?.AttributePath ?? ''), value: String(attr?.AttributeValue ?? '') };
    };
    return {
      ownerAccountId: dir.ownerAccountId,
      userByAlternateId: (input) => {
        const { path, value } = attribute(input);
        return (path === 'userName' ? dir.userByName(value) : dir.userByEmail(value))?.userId;
      },
      groupByAlternateId: (input) => dir.groupByName(attribute(input).value)?.groupId,
      membership: (id) => dir.membershipById(id),
      membershipOf: (groupId, userId) => dir.membershipOf(groupId, userId)?.membershipId,
    };
  }

  private async run<T>(service: SimService, operation: string, answer: () => T): Promise<T> {
    const record: CallRecord = { service, operation, at: this.clock.now(), status: 0 };
    this.calls.push(record);
    try {
      const fault = this.faults.takeCall(operation);
      if (fault?.delayMs) await this.sleep(fault.delayMs);
      if (fault?.error) throw new AwsError(fault.error, fault.message ?? `Injected ${fault.error}.`);
      this.quotas.admit(service, operation);
      const result = answer();
      record.status = 200;
      this.takeAfterAnswer(operation)?.();
      return result;
    } catch (error) {
      record.status = error instanceof AwsError ? error.status : 500;
      if (error instanceof AwsError) record.error = error.type;
      throw error;
    }
  }

  // ── faults ──────────────────────────────────────────────────────────────────────────────────────

  /** The next `times` calls of `operation` answer `error` and/or are held `delayMs`. */
  injectFault(fault: CallFault): void {
    this.faults.injectCall(fault);
  }
  /**
   * Runs `action` right after the next successful answer of `operation`, before the caller can send
   * anything else: what another administrator does between two pages of a listing, say.
   */
  afterNextAnswer(operation: string, action: () => void): void {
    this.afterAnswer.push({ operation, action });
  }

  private takeAfterAnswer(operation: string): (() => void) | undefined {
    const index = this.afterAnswer.findIndex((a) => a.operation === operation);
    return index < 0 ? undefined : this.afterAnswer.splice(index, 1)[0]!.action;
  }

  /**
   * Removes a user's assignment at once, as a removal another administrator made and that has finished.
   * Latchkey's own removals go through DeleteAccountAssignment.
   */
  removeAssignment(userNameOrEmail: string, accountId: string, permissionSetName: string): void {
    const principalId = this.userId(userNameOrEmail);
    const permissionSetArn = this.permissionSetArn(permissionSetName);
    const found = this.directory
      .listAssignments({ principalId, accountId, permissionSetArn, principalType: 'USER' })
      .at(0);
    if (!found) throw new Error(`${userNameOrEmail} holds no ${permissionSetName} on ${accountId}`);
    this.directory.assignments.delete(assignmentKey(found));
  }

  /** The next `times` provisionings end FAILED with `reason`. */
  failNextProvisioning(fault: ProvisioningFault = {}): void {
    this.faults.failProvisioning(fault);
  }

  /**
   * Disables (or enables again) a user, as an administrator does in the console: Identity Center has no API
   * for it. A disabled user keeps their assignments and memberships but cannot sign in.
   */
  setUserActive(userNameOrEmail: string, active: boolean): void {
    const user = this.directory.userByName(userNameOrEmail) ?? this.directory.userByEmail(userNameOrEmail);
    if (!user) throw new Error(`no user ${userNameOrEmail}`);
    user.active = active;
  }

  /** Back to the seed: assignments, memberships, faults, quotas and the call log. */
  reset(): void {
    this.faults.clear();
    this.afterAnswer.length = 0;
    this.calls.length = 0;
    this.quotas.reset();
    this.build();
  }

  // ── inspection ──────────────────────────────────────────────────────────────────────────────────

  userId(userNameOrEmail: string): string | undefined {
    return (this.directory.userByName(userNameOrEmail) ?? this.directory.userByEmail(userNameOrEmail))
      ?.userId;
  }
  groupId(displayName: string): string | undefined {
    return this.directory.groupByName(displayName)?.groupId;
  }
  permissionSetArn(name: string): string | undefined {
    return this.directory.permissionSetByName(name)?.arn;
  }

  /** The permission sets a principal holds directly, per account. */
  assignmentsOf(principalId: string): SnapshotAssignment[] {
    return this.describe(this.directory.listAssignments({ principalId }));
  }

  /** Whether the person with this email (or user name) holds the target right now. */
  holds(email: string, target: Target): boolean {
    const userId = this.userId(email);
    if (userId === undefined) return false;
    if (target.kind === 'group') {
      const groupId = this.directory.groupByName(target.group)?.groupId ?? target.group;
      return this.directory.membershipOf(groupId, userId) !== undefined;
    }
    const arn = this.directory.permissionSetByName(target.permissionSet)?.arn ?? target.permissionSet;
    return (
      this.directory.listAssignments({
        accountId: target.accountId,
        permissionSetArn: arn,
        principalType: 'USER',
        principalId: userId,
      }).length > 0
    );
  }

  /** Account assignment operations still IN_PROGRESS. */
  inFlight(): number {
    return this.directory.inProgress().length;
  }

  /** Calls of one operation (or all), for asserting counts and rates. */
  callsTo(operation?: string): CallRecord[] {
    return operation === undefined ? [...this.calls] : this.calls.filter((c) => c.operation === operation);
  }

  /** A JSON view of who holds what, for tests and the sandbox page. */
  snapshot() {
    const dir = this.directory;
    const userName = (id: string) => dir.userById(id)?.userName ?? id;
    return {
      instanceArn: dir.instanceArn,
      identityStoreId: dir.identityStoreId,
      accountId: dir.ownerAccountId,
      accounts: dir.accounts.map((a) => ({ ...a })),
      users: dir.users.map((u) => ({ ...u })),
      groups: dir.groups.map((g) => ({
        groupId: g.groupId,
        displayName: g.displayName,
        members: dir.membersOf(g.groupId).map((m) => ({
          userName: userName(m.userId),
          userId: m.userId,
          membershipId: m.membershipId,
        })),
      })),
      permissionSets: dir.permissionSets.map((p) => ({
        name: p.name,
        arn: p.arn,
        sessionDuration: p.sessionDuration,
      })),
      assignments: this.describe(dir.listAssignments({})),
      inProgress: dir.inProgress().map((op) => ({
        requestId: op.requestId,
        kind: op.kind,
        ...this.describe([op.assignment])[0],
      })),
      faults: this.faults.pending(),
      callCount: this.calls.length,
    };
  }

  private describe(assignments: ReturnType<Directory['listAssignments']>): SnapshotAssignment[] {
    const dir = this.directory;
    return assignments.map((a) => {
      const account = dir.accounts.find((acc) => acc.id === a.accountId);
      return {
        accountId: a.accountId,
        ...(account ? { accountName: account.name } : {}),
        permissionSet: dir.permissionSetByArn(a.permissionSetArn)?.name ?? a.permissionSetArn,
        permissionSetArn: a.permissionSetArn,
        principalType: a.principalType,
        principalId: a.principalId,
        principal:
          a.principalType === 'USER'
            ? (dir.userById(a.principalId)?.userName ?? a.principalId)
            : (dir.groupById(a.principalId)?.displayName ?? a.principalId),
      };
    });
  }
}
