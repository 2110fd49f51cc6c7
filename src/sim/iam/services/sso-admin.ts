// IAM Identity Center (prefix `sso`), per the Service Authorization Reference: account assignments are
// authorized against the instance, the permission set and the account; status and listing calls against
// the instance; ListInstances has no resource type.

import { type Input, type ServiceAuthorization, str } from '../service.js';

const partitionOf = (instanceArn: string) =>
  instanceArn.startsWith('arn:') ? instanceArn.split(':')[1] : 'aws';
const account = (input: Input, key: string) =>
  `arn:${partitionOf(str(input, 'InstanceArn'))}:sso:::account/${str(input, key)}`;

const instance = (input: Input) => [str(input, 'InstanceArn')];
const permissionSet = (input: Input) => [str(input, 'InstanceArn'), str(input, 'PermissionSetArn')];
const assignment = (input: Input) => [...permissionSet(input), account(input, 'TargetId')];

export const ssoAdminAuthorization: ServiceAuthorization = {
  prefix: 'sso',
  operations: {
    ListInstances: () => ['*'],
    ListPermissionSets: instance,
    DescribePermissionSet: permissionSet,
    CreateAccountAssignment: assignment,
    DeleteAccountAssignment: assignment,
    DescribeAccountAssignmentCreationStatus: instance,
    DescribeAccountAssignmentDeletionStatus: instance,
    ListAccountAssignmentCreationStatus: instance,
    ListAccountAssignmentDeletionStatus: instance,
    ListAccountAssignments: (input) => [...permissionSet(input), account(input, 'AccountId')],
    ListAccountAssignmentsForPrincipal: instance,
  },
};
