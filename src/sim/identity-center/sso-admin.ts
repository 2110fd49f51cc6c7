// The sso-admin operations (awsJson1_1, `SWBExternalService.<Operation>`): instances, permission sets
// and account assignments, whose creation and deletion run asynchronously.

import { z } from 'zod';
import { AwsError, parseInput } from './aws-error.js';
import type { AssignmentOperation, Directory, PrincipalType } from './directory.js';
import { assignmentKey } from './directory.js';
import type { FaultPlan } from './faults.js';
import { page } from './paging.js';
import type { Quotas } from './quotas.js';

export type Handler = (input: unknown) => unknown;

export interface OperationContext {
  directory: Directory;
  faults: FaultPlan;
  quotas: Quotas;
  pageSize: number;
}

const instanceArn = z.string().min(10).max(1224);
const permissionSetArn = z
  .string()
  .regex(/^arn:aws:sso:::permissionSet\/(sso)?ins-[a-zA-Z0-9-.]{16}\/ps-[a-zA-Z0-9-./]{16}$/);
const accountId = z.string().regex(/^\d{12}$/);
const requestId = z.string().length(36);
const paging = { MaxResults: z.number().int().min(1).max(100).optional(), NextToken: z.string().optional() };
const principalType = z.enum(['USER', 'GROUP']);

const assignmentInput = z.object({
  InstanceArn: instanceArn,
  TargetId: accountId,
  TargetType: z.literal('AWS_ACCOUNT'),
  PermissionSetArn: permissionSetArn,
  PrincipalType: principalType,
  PrincipalId: z.string().min(1).max(47),
});

const seconds = (ms: number) => ms / 1000;

export function ssoAdminHandlers(ctx: OperationContext): Record<string, Handler> {
  const { directory: dir } = ctx;

  const requireInstance = (arn: string) => {
    if (arn !== dir.instanceArn) throw new AwsError('ValidationException', `Instance ${arn} does not exist.`);
  };
  const requirePermissionSet = (arn: string) => {
    const ps = dir.permissionSetByArn(arn);
    if (!ps) throw new AwsError('ResourceNotFoundException', `Could not find PermissionSet with ID ${arn}.`);
    return ps;
  };
  const status = (op: AssignmentOperation) => ({
    Status: op.status,
    RequestId: op.requestId,
    ...(op.status === 'FAILED' ? { FailureReason: op.failureReason } : {}),
    TargetId: op.assignment.accountId,
    TargetType: 'AWS_ACCOUNT',
    PermissionSetArn: op.assignment.permissionSetArn,
    PrincipalType: op.assignment.principalType,
    PrincipalId: op.assignment.principalId,
    CreatedDate: seconds(op.createdAt),
  });
  const startAssignmentOperation = (kind: 'creation' | 'deletion', input: unknown) => {
    const req = parseInput(assignmentInput, input);
    requireInstance(req.InstanceArn);
    requirePermissionSet(req.PermissionSetArn);
    const assignment = {
      accountId: req.TargetId,
      permissionSetArn: req.PermissionSetArn,
      principalType: req.PrincipalType satisfies PrincipalType,
      principalId: req.PrincipalId,
    };
    const inProgress = dir.inProgress();
    if (inProgress.some((op) => assignmentKey(op.assignment) === assignmentKey(assignment))) {
      throw new AwsError(
        'ConflictException',
        'An account assignment operation for this principal, permission set and account is already in progress.',
      );
    }
    ctx.quotas.admitAssignmentOperation(inProgress.length);
    return status(
      dir.startOperation(kind, assignment, ctx.faults.takeProvisioning(kind, assignment.accountId)),
    );
  };
  const describeOperation = (kind: 'creation' | 'deletion', instance: string, id: string) => {
    requireInstance(instance);
    const op = dir.operation(id);
    if (!op || op.kind !== kind) {
      throw new AwsError(
        'ResourceNotFoundException',
        `Could not find account assignment ${kind} request ${id}.`,
      );
    }
    return status(op);
  };

  // AWS documents no order for these listings; the simulator answers newest first, and Latchkey must not
  // depend on it (an operation missing from the page it read is asked about on its own).
  const listOperations = (kind: 'creation' | 'deletion', input: unknown) => {
    const req = parseInput(
      z.object({
        InstanceArn: instanceArn,
        Filter: z.object({ Status: z.enum(['IN_PROGRESS', 'FAILED', 'SUCCEEDED']).optional() }).optional(),
        ...paging,
      }),
      input,
    );
    requireInstance(req.InstanceArn);
    const status = req.Filter?.Status;
    const all = dir.operationsOf(kind, status);
    const p = page(all, req, `ListAccountAssignment${kind}Status#${status ?? ''}`, ctx.pageSize);
    const items = p.items.map((op) => ({
      CreatedDate: seconds(op.createdAt),
      RequestId: op.requestId,
      Status: op.status,
    }));
    return { items, NextToken: p.nextToken };
  };

  return {
    ListInstances(input) {
      const req = parseInput(z.object({ ...paging }), input);
      const instances = [
        {
          InstanceArn: dir.instanceArn,
          IdentityStoreId: dir.identityStoreId,
          OwnerAccountId: dir.ownerAccountId,
          Name: 'latchkey-sim',
          CreatedDate: seconds(dir.createdAt),
          Status: 'ACTIVE',
        },
      ];
      const p = page(instances, req, 'ListInstances', ctx.pageSize);
      return { Instances: p.items, NextToken: p.nextToken };
    },

    ListPermissionSets(input) {
      const req = parseInput(z.object({ InstanceArn: instanceArn, ...paging }), input);
      requireInstance(req.InstanceArn);
      const p = page(
        dir.permissionSets.map((ps) => ps.arn),
        req,
        'ListPermissionSets',
        ctx.pageSize,
      );
      return { PermissionSets: p.items, NextToken: p.nextToken };
    },

    DescribePermissionSet(input) {
      const req = parseInput(
        z.object({ InstanceArn: instanceArn, PermissionSetArn: permissionSetArn }),
        input,
      );
      requireInstance(req.InstanceArn);
      const ps = requirePermissionSet(req.PermissionSetArn);
      return {
        PermissionSet: {
          Name: ps.name,
          PermissionSetArn: ps.arn,
          Description: ps.description,
          CreatedDate: seconds(ps.createdAt),
          SessionDuration: ps.sessionDuration,
        },
      };
    },

    CreateAccountAssignment(input) {
      return { AccountAssignmentCreationStatus: startAssignmentOperation('creation', input) };
    },

    DeleteAccountAssignment(input) {
      return { AccountAssignmentDeletionStatus: startAssignmentOperation('deletion', input) };
    },

    DescribeAccountAssignmentCreationStatus(input) {
      const req = parseInput(
        z.object({ InstanceArn: instanceArn, AccountAssignmentCreationRequestId: requestId }),
        input,
      );
      return {
        AccountAssignmentCreationStatus: describeOperation(
          'creation',
          req.InstanceArn,
          req.AccountAssignmentCreationRequestId,
        ),
      };
    },

    DescribeAccountAssignmentDeletionStatus(input) {
      const req = parseInput(
        z.object({ InstanceArn: instanceArn, AccountAssignmentDeletionRequestId: requestId }),
        input,
      );
      return {
        AccountAssignmentDeletionStatus: describeOperation(
          'deletion',
          req.InstanceArn,
          req.AccountAssignmentDeletionRequestId,
        ),
      };
    },

    ListAccountAssignmentCreationStatus(input) {
      const { items, NextToken } = listOperations('creation', input);
      return { AccountAssignmentsCreationStatus: items, NextToken };
    },

    ListAccountAssignmentDeletionStatus(input) {
      const { items, NextToken } = listOperations('deletion', input);
      return { AccountAssignmentsDeletionStatus: items, NextToken };
    },

    ListAccountAssignments(input) {
      const req = parseInput(
        z.object({
          InstanceArn: instanceArn,
          AccountId: accountId,
          PermissionSetArn: permissionSetArn,
          ...paging,
        }),
        input,
      );
      requireInstance(req.InstanceArn);
      requirePermissionSet(req.PermissionSetArn);
      const all = dir.listAssignments({ accountId: req.AccountId, permissionSetArn: req.PermissionSetArn });
      const listing = `ListAccountAssignments#${req.AccountId}#${req.PermissionSetArn}`;
      const p = page(all, req, listing, ctx.pageSize);
      return {
        AccountAssignments: p.items.map((a) => ({
          AccountId: a.accountId,
          PermissionSetArn: a.permissionSetArn,
          PrincipalType: a.principalType,
          PrincipalId: a.principalId,
        })),
        NextToken: p.nextToken,
      };
    },

    ListAccountAssignmentsForPrincipal(input) {
      const req = parseInput(
        z.object({
          InstanceArn: instanceArn,
          PrincipalId: z.string().min(1).max(47),
          PrincipalType: principalType,
          Filter: z.object({ AccountId: accountId.optional() }).optional(),
          ...paging,
        }),
        input,
      );
      requireInstance(req.InstanceArn);
      const all = dir.listAssignments({
        principalId: req.PrincipalId,
        principalType: req.PrincipalType,
        accountId: req.Filter?.AccountId,
      });
      const listing = `ListAccountAssignmentsForPrincipal#${req.PrincipalType}#${req.PrincipalId}#${req.Filter?.AccountId ?? ''}`;
      const p = page(all, req, listing, ctx.pageSize);
      return {
        AccountAssignments: p.items.map((a) => ({
          AccountId: a.accountId,
          PermissionSetArn: a.permissionSetArn,
          PrincipalType: a.principalType,
          PrincipalId: a.principalId,
        })),
        NextToken: p.nextToken,
      };
    },
  };
}
