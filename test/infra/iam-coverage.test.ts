// Every AWS call the code can make, checked against the role that makes it, and every action a role is
// granted, checked against the calls made as it. The code is scanned for the SDK commands it constructs
// and the paginators it calls (each page is a command); each must be in the list below, which says who
// sends it and with what input. Each input is turned into the IAM action and resource ARNs by the same maps
// the simulators enforce, and evaluated against the policies the synthesized stack gives that function's
// role (or, with identityCenter.roleArn, what infra/role-policy.ts prints for that role). A command the
// code gained without a line here, a call a role may not make, or an action a role holds that nothing
// sends as it (nor AWS on its behalf), fails.

import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { identityCenterRolePolicy, isGroupId, roleAccount } from '../../infra/constructs/identity-center.js';
import {
  entitlementsOn,
  MANAGEMENT_ACCOUNT_ROLE_ACTIONS,
  MANAGEMENT_ACCOUNT_SAML_ACTIONS,
} from '../../src/aws/management-account.js';
import { loadConfig, parseConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { configuredTargets } from '../../src/core/entitlement.js';
import {
  cloudTrailAuthorization,
  dynamoDbAuthorization,
  evaluate,
  type IdentityStoreContext,
  type Input,
  identityStoreAuthorization,
  lambdaAuthorization,
  organizationsAuthorization,
  type PolicyDocument,
  parsePolicy,
  type ServiceAuthorization,
  secretsManagerAuthorization,
  ssoAdminAuthorization,
  stsAuthorization,
} from '../../src/sim/iam/index.js';
import { INDEX } from '../../src/store/table.js';
import { ACCOUNT, REGION } from '../support/lambda/context.js';
import { FUNCTION_ROLES, type FunctionRole, rolePoliciesFor } from '../support/lambda/role-policies.js';
import { fixture } from './synth.js';

const SRC = join(import.meta.dirname, '../../src');
/** The command line runs as Latchkey too (doctor, sweep, reconcile). */
const COMMAND_LINE = join(import.meta.dirname, '../../commands');
const NAMES = {
  table: 'latchkey',
  secretArn: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:LatchkeySlack-AbCdEf`,
  workerName: 'latchkey-worker',
};
const STORE_ACCOUNT = '111111111111';

/**
 * What kind of call a command is; `RUNS` says which functions run the code that makes each kind. With
 * identityCenter.roleArn, Identity Center (and Organizations) calls are made as that role, which every
 * function that makes them assumes. `doctor` is what only `latchkey doctor` calls: no function runs it;
 * the command line runs it as the role in identityCenter.roleArn when there is one, else with the
 * operator's own credentials, which the deployment does not manage.
 */
type Sender =
  | 'lookup'
  | 'change'
  | 'assume'
  | 'store'
  | 'secret'
  | 'queue'
  | 'activity'
  | 'doctor'
  | { none: string };

const RUNS: Record<'lookup' | 'change' | 'store' | 'secret' | 'queue' | 'activity', FunctionRole[]> = {
  // The Slack handler only acknowledges and queues (its bundle holds no store or Identity Center client):
  // requests are checked against Identity Center by the worker, when asked and when granted.
  lookup: ['Worker', 'Sweeper'],
  change: ['Worker', 'Sweeper'],
  store: ['Worker', 'Sweeper'],
  // Every function reads the Slack credentials when it starts.
  secret: ['SlackHandler', 'Worker', 'Sweeper'],
  // The Slack handler queues slow work on the worker.
  queue: ['SlackHandler'],
  // Activity digests: the sweeper after a grant ends, the worker for `/access activity` (the Slack
  // handler queues it). CloudTrail Lake is queried with the functions' own roles, with or without
  // identityCenter.roleArn.
  activity: ['Worker', 'Sweeper'],
};

interface Fixture {
  config: Config;
  permissionSets: string[];
  accounts: string[];
  groups: string[];
  /** Groups the config names by display name: only those are looked up with GetGroupId. */
  namedGroups: string[];
  /** Parents whose accounts are read from AWS Organizations, and accounts whose names are. */
  parents: string[];
  namedAccounts: string[];
  /** Whether a permission set is given by name: only then is the instance's list read. */
  namedPermissionSets: boolean;
}

interface Command {
  sender: Sender;
  service: ServiceAuthorization<never>;
  operation: string;
  inputs(f: Fixture): Input[];
}

const USER = '9067642ac7-11111111-2222-3333-4444-555555555555';
const MEMBERSHIP = '9067642ac7-66666666-7777-8888-9999-000000000000';
const ic = (f: Fixture) => f.config.identityCenter;
const assignments = (f: Fixture, accountKey: 'TargetId' | 'AccountId') =>
  f.permissionSets.flatMap((ps) =>
    f.accounts.map((account) => ({
      InstanceArn: ic(f).instanceArn,
      PermissionSetArn: ps,
      [accountKey]: account,
      TargetType: 'AWS_ACCOUNT',
      PrincipalType: 'USER',
      PrincipalId: USER,
    })),
  );
const store = (f: Fixture, extra: Input = {}) => ({ IdentityStoreId: ic(f).identityStoreId, ...extra });
const perGroup = (f: Fixture, input: (group: string) => Input) => f.groups.map(input);
const member = { MemberId: { UserId: USER } };
const instance = (f: Fixture) => [{ InstanceArn: ic(f).instanceArn }];
/** Calls about account assignments, made only when some entitlement gives a permission set. */
const assigning = (f: Fixture) => (f.permissionSets.length > 0 ? instance(f) : []);

const sso = ssoAdminAuthorization as ServiceAuthorization<never>;
const orgs = organizationsAuthorization as ServiceAuthorization<never>;
/** An account under the fixtures' OU, and the organization the simulated Organizations answers for. */
const OU_ACCOUNT = '333333333333';
const ORGANIZATION = { managementAccount: '111111111111', organizationId: 'o-a1b2c3d4e5' };
const ids = identityStoreAuthorization as ServiceAuthorization<never>;

/** Keyed `<SDK client package>:<Command>`, as the scan finds them. */
const COMMANDS: Record<string, Command> = {
  'client-sso-admin:ListInstancesCommand': {
    sender: 'doctor',
    service: sso,
    operation: 'ListInstances',
    inputs: () => [{}],
  },
  'client-sso-admin:ListPermissionSetsCommand': {
    sender: 'lookup',
    service: sso,
    operation: 'ListPermissionSets',
    inputs: (f) => (f.namedPermissionSets ? instance(f) : []),
  },
  'client-sso-admin:DescribePermissionSetCommand': {
    sender: 'lookup',
    service: sso,
    operation: 'DescribePermissionSet',
    inputs: (f) => f.permissionSets.map((ps) => ({ InstanceArn: ic(f).instanceArn, PermissionSetArn: ps })),
  },
  'client-sso-admin:ListAccountAssignmentsCommand': {
    sender: 'lookup',
    service: sso,
    operation: 'ListAccountAssignments',
    inputs: (f) => assignments(f, 'AccountId'),
  },
  'client-sso-admin:ListAccountAssignmentsForPrincipalCommand': {
    sender: 'lookup',
    service: sso,
    operation: 'ListAccountAssignmentsForPrincipal',
    inputs: assigning,
  },
  'client-sso-admin:CreateAccountAssignmentCommand': {
    sender: 'change',
    service: sso,
    operation: 'CreateAccountAssignment',
    inputs: (f) => assignments(f, 'TargetId'),
  },
  'client-sso-admin:DeleteAccountAssignmentCommand': {
    sender: 'change',
    service: sso,
    operation: 'DeleteAccountAssignment',
    inputs: (f) => assignments(f, 'TargetId'),
  },
  'client-sso-admin:DescribeAccountAssignmentCreationStatusCommand': {
    sender: 'change',
    service: sso,
    operation: 'DescribeAccountAssignmentCreationStatus',
    inputs: assigning,
  },
  'client-sso-admin:ListAccountAssignmentCreationStatusCommand': {
    sender: 'change',
    service: sso,
    operation: 'ListAccountAssignmentCreationStatus',
    inputs: assigning,
  },
  'client-sso-admin:ListAccountAssignmentDeletionStatusCommand': {
    sender: 'change',
    service: sso,
    operation: 'ListAccountAssignmentDeletionStatus',
    inputs: assigning,
  },
  'client-sso-admin:DescribeAccountAssignmentDeletionStatusCommand': {
    sender: 'change',
    service: sso,
    operation: 'DescribeAccountAssignmentDeletionStatus',
    inputs: assigning,
  },
  'client-identitystore:GetUserIdCommand': {
    sender: 'lookup',
    service: ids,
    operation: 'GetUserId',
    inputs: (f) => [store(f)],
  },
  'client-identitystore:DescribeUserCommand': {
    sender: 'lookup',
    service: ids,
    operation: 'DescribeUser',
    inputs: (f) => [store(f, { UserId: USER })],
  },
  'client-identitystore:GetGroupIdCommand': {
    sender: 'lookup',
    service: ids,
    operation: 'GetGroupId',
    inputs: (f) => f.namedGroups.map(() => store(f)),
  },
  'client-identitystore:IsMemberInGroupsCommand': {
    sender: 'lookup',
    service: ids,
    operation: 'IsMemberInGroups',
    inputs: (f) => perGroup(f, (g) => store(f, { GroupIds: [g], ...member })),
  },
  'client-identitystore:ListGroupMembershipsCommand': {
    sender: 'lookup',
    service: ids,
    operation: 'ListGroupMemberships',
    inputs: (f) => perGroup(f, (g) => store(f, { GroupId: g })),
  },
  'client-identitystore:GetGroupMembershipIdCommand': {
    sender: 'lookup',
    service: ids,
    operation: 'GetGroupMembershipId',
    inputs: (f) => perGroup(f, (g) => store(f, { GroupId: g, ...member })),
  },
  'client-identitystore:CreateGroupMembershipCommand': {
    sender: 'change',
    service: ids,
    operation: 'CreateGroupMembership',
    inputs: (f) => perGroup(f, (g) => store(f, { GroupId: g, ...member })),
  },
  'client-identitystore:DeleteGroupMembershipCommand': {
    sender: 'change',
    service: ids,
    operation: 'DeleteGroupMembership',
    inputs: (f) => perGroup(f, (g) => store(f, { MembershipId: `${MEMBERSHIP}#${g}` })),
  },
  'client-identitystore:DescribeGroupMembershipCommand': {
    sender: 'change',
    service: ids,
    operation: 'DescribeGroupMembership',
    inputs: (f) => perGroup(f, (g) => store(f, { MembershipId: `${MEMBERSHIP}#${g}` })),
  },
  'client-organizations:ListChildrenCommand': {
    sender: 'lookup',
    service: orgs,
    operation: 'ListChildren',
    inputs: (f) => f.parents.map((ParentId) => ({ ParentId, ChildType: 'ORGANIZATIONAL_UNIT' })),
  },
  'client-organizations:ListAccountsForParentCommand': {
    sender: 'lookup',
    service: orgs,
    operation: 'ListAccountsForParent',
    inputs: (f) => f.parents.map((ParentId) => ({ ParentId })),
  },
  'client-organizations:DescribeAccountCommand': {
    sender: 'lookup',
    service: orgs,
    operation: 'DescribeAccount',
    inputs: (f) => f.namedAccounts.map((AccountId) => ({ AccountId })),
  },
  'client-sts:AssumeRoleCommand': {
    sender: 'assume',
    service: stsAuthorization as ServiceAuthorization<never>,
    operation: 'AssumeRole',
    inputs: (f) => [{ RoleArn: ic(f).roleArn ?? '' }],
  },
  'client-sts:GetCallerIdentityCommand': {
    sender: 'doctor',
    service: stsAuthorization as ServiceAuthorization<never>,
    operation: 'GetCallerIdentity',
    inputs: () => [{}],
  },
  'client-secrets-manager:GetSecretValueCommand': {
    sender: 'secret',
    service: secretsManagerAuthorization as ServiceAuthorization<never>,
    operation: 'GetSecretValue',
    inputs: () => [{ SecretId: NAMES.secretArn }],
  },
  'client-lambda:InvokeCommand': {
    sender: 'queue',
    service: lambdaAuthorization as ServiceAuthorization<never>,
    operation: 'Invoke',
    inputs: () => [{ FunctionName: NAMES.workerName }],
  },
  ...Object.fromEntries(
    ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'].map((op) => [
      `client-dynamodb:${op}Command`,
      {
        sender: 'store',
        service: dynamoDbAuthorization as ServiceAuthorization<never>,
        operation: op,
        inputs: () => [{ TableName: NAMES.table }],
      } satisfies Command,
    ]),
  ),
  'client-dynamodb:QueryCommand': {
    sender: 'store',
    service: dynamoDbAuthorization as ServiceAuthorization<never>,
    operation: 'Query',
    inputs: () => [
      { TableName: NAMES.table },
      ...Object.values(INDEX).map((IndexName) => ({ TableName: NAMES.table, IndexName })),
    ],
  },
  // The activity digest: the sweeper after a grant ends, the worker for `/access activity`.
  ...Object.fromEntries(
    ['StartQuery', 'GetQueryResults'].map((op) => [
      `client-cloudtrail:${op}Command`,
      {
        sender: 'activity',
        service: cloudTrailAuthorization as ServiceAuthorization<never>,
        operation: op,
        inputs: (f) => (f.config.activity ? [{}] : []),
      } satisfies Command,
    ]),
  ),
  'client-dynamodb:DescribeTableCommand': {
    sender: { none: 'the embedded store creates its own table; the deployed table comes from the stack' },
    service: dynamoDbAuthorization as ServiceAuthorization<never>,
    operation: 'DescribeTable',
    inputs: () => [],
  },
  'client-dynamodb:CreateTableCommand': {
    sender: { none: 'the embedded store creates its own table; the deployed table comes from the stack' },
    service: dynamoDbAuthorization as ServiceAuthorization<never>,
    operation: 'CreateTable',
    inputs: () => [],
  },
};

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name))
    .filter((file) => !relative(SRC, file).startsWith('sim/'));
}

/** Every command the product code sends, with the SDK client it comes from. */
async function scan(): Promise<string[]> {
  const found = new Set<string>();
  for (const file of [...(await sourceFiles(SRC)), ...(await sourceFiles(COMMAND_LINE))]) {
    for (const command of commandsIn(await readFile(file, 'utf8'))) found.add(command);
  }
  return [...found].sort();
}

/**
 * The commands one source file sends, as `<SDK client package>:<Command>`: every `new XCommand(`, and every
 * call of an SDK paginator, which sends `XCommand` for each page (`paginateX(`), under whatever name they
 * were imported. A command class that does not come from an SDK client is reported as such.
 */
function commandsIn(text: string): string[] {
  const imported = new Map<string, { pkg: string; name: string }>();
  for (const m of text.matchAll(/import\s*{([^}]*)}\s*from\s*'@aws-sdk\/(client-[\w-]+)'/g)) {
    for (const specifier of (m[1] ?? '').split(',')) {
      const [name = '', local = name] = specifier
        .replace(/\btype\b/, '')
        .trim()
        .split(/\s+as\s+/);
      if (name) imported.set(local, { pkg: m[2] ?? '', name });
    }
  }
  const found = new Set<string>();
  // The SDK's assume-role credential provider sends STS AssumeRole itself.
  if (/\bfromTemporaryCredentials\s*\(/.test(text)) found.add('client-sts:AssumeRoleCommand');
  for (const m of text.matchAll(/(\bnew\s+)?\b(\w+)\s*\(/g)) {
    const local = m[2] ?? '';
    const sdk = imported.get(local);
    if (m[1] !== undefined && /\wCommand$/.test(sdk?.name ?? local))
      found.add(`${sdk?.pkg ?? '(not an AWS SDK import)'}:${sdk?.name ?? local}`);
    else if (m[1] === undefined && sdk?.name.startsWith('paginate'))
      found.add(`${sdk.pkg}:${sdk.name.replace(/^paginate/, '')}Command`);
  }
  return [...found];
}

function fixtureOf(config: Config): Fixture {
  const { instanceArn } = config.identityCenter;
  const instanceId = instanceArn.slice(instanceArn.lastIndexOf('/') + 1);
  const targets = config.entitlements.flatMap((e) =>
    e.accounts?.kind === 'ou' && e.target.kind === 'permissionSet'
      ? [{ ...e.target, accountId: OU_ACCOUNT }]
      : configuredTargets(e),
  );
  const severalAccounts = config.entitlements.filter((e) => e.accounts !== undefined);
  return {
    parents: severalAccounts.flatMap((e) => (e.accounts?.kind === 'ou' ? [e.accounts.ouId] : [])),
    // A list's accounts are named from Organizations (the modal, `@name`); an OU's come named in its listing.
    namedAccounts: severalAccounts.flatMap((e) => (e.accounts?.kind === 'list' ? e.accounts.accountIds : [])),
    namedPermissionSets: targets.some(
      (t) => t.kind === 'permissionSet' && !t.permissionSet.startsWith('arn:'),
    ),
    config,
    // A permission set given by name resolves to some ARN of the instance at run time.
    permissionSets: targets.flatMap((t) =>
      t.kind !== 'permissionSet'
        ? []
        : [
            t.permissionSet.startsWith('arn:')
              ? t.permissionSet
              : `arn:aws:sso:::permissionSet/${instanceId}/ps-1a2b3c4d5e6f7a8b`,
          ],
    ),
    accounts: targets.flatMap((t) => (t.kind === 'permissionSet' ? [t.accountId] : [])),
    namedGroups: targets.flatMap((t) => (t.kind === 'group' && !isGroupId(t.group) ? [t.group] : [])),
    groups: targets.flatMap((t) =>
      t.kind !== 'group'
        ? []
        : [isGroupId(t.group) ? t.group : '9067642ac7-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee'],
    ),
  };
}

const storeContext = (owner: string): IdentityStoreContext => ({
  ownerAccountId: owner,
  userByAlternateId: () => USER,
  groupByAlternateId: () => '9067642ac7-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
  membership: (id) => ({ groupId: id.split('#')[1] ?? '', userId: USER }),
  membershipOf: () => MEMBERSHIP,
});

type Holder = FunctionRole | 'IdentityCenterRole';

/** Who holds which policies in one deployment: the three functions and, with a roleArn, that role. */
type Holders = Partial<Record<Holder, PolicyDocument[]>>;

/** Who sends a kind of call, with or without identityCenter.roleArn. */
function sendersOf(sender: Exclude<Sender, { none: string }>, viaRole: boolean): Holder[] {
  if (sender === 'assume') return viaRole ? [...new Set([...RUNS.lookup, ...RUNS.change])] : [];
  if (sender === 'lookup' || sender === 'change') return viaRole ? ['IdentityCenterRole'] : RUNS[sender];
  if (sender === 'doctor') return viaRole ? ['IdentityCenterRole'] : [];
  return RUNS[sender];
}

const actionOf = (command: Command) =>
  command.service.actions?.[command.operation] ?? `${command.service.prefix}:${command.operation}`;

/** The calls some sender of them may not make, as `<role>: <action> on <resources>`. */
function uncovered(config: Config, holders: Holders): string[] {
  const f = fixtureOf(config);
  const viaRole = config.identityCenter.roleArn !== undefined;
  const owner = viaRole ? (roleAccount(config.identityCenter.roleArn ?? '') ?? '') : STORE_ACCOUNT;
  const context = {
    ...storeContext(owner),
    region: REGION,
    accountId: ACCOUNT,
    arnOf: (id: string) => id,
    eventDataStoreArn: config.activity?.eventDataStore ?? '',
    ...ORGANIZATION,
  } as never;
  const problems: string[] = [];
  for (const command of Object.values(COMMANDS)) {
    const { sender } = command;
    if (typeof sender === 'object') continue;
    const senders = sendersOf(sender, viaRole);
    const action = actionOf(command);
    for (const input of command.inputs(f)) {
      const resources = command.service.operations[command.operation]?.(input, context) ?? [];
      for (const who of senders) {
        const policies = holders[who] ?? [];
        if (action === 'sts:GetCallerIdentity') continue;
        if (evaluate(policies, action, resources) !== 'allow') {
          problems.push(`${who}: ${action} on ${resources.join(', ')}`);
        }
      }
    }
  }
  return [...new Set(problems)];
}

/**
 * Actions a role holds that no command of the code sends, because AWS sends them with the role on its
 * behalf: each with who needs it, given the actions the code sends as that holder, and why.
 */
const SENT_ON_ITS_BEHALF: {
  actions: readonly string[];
  needs: (who: Holder, sends: Set<string>, config: Config) => boolean;
  why: string;
}[] = [
  {
    actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    needs: (who) => who !== 'IdentityCenterRole',
    why: 'Lambda writes each function’s logs to its log group with the function’s role',
  },
  {
    actions: ['sqs:SendMessage'],
    needs: (who) => who === 'Worker' || who === 'Sweeper',
    why: 'Lambda sends an asynchronous invocation that failed for good to the on-failure destination (the dead-letter queue) with the function’s role',
  },
  {
    actions: [...MANAGEMENT_ACCOUNT_ROLE_ACTIONS, ...MANAGEMENT_ACCOUNT_SAML_ACTIONS],
    // Assigning on the management account: one the config names as such, or any account of an OU.
    needs: (_who, sends, config) => {
      const account = config.identityCenter.managementAccount;
      return (
        sends.has('sso:createaccountassignment') &&
        account !== undefined &&
        entitlementsOn(account, config.entitlements, { ous: true }).length > 0
      );
    },
    why: 'Identity Center creates and removes its reserved role and SAML provider in the management account with the permissions of whoever assigns access there',
  },
];

/** The actions some holder is granted that neither the code nor AWS on its behalf sends as it, as `<role>: <action>`. */
function unneeded(config: Config, holders: Holders): string[] {
  const f = fixtureOf(config);
  const viaRole = config.identityCenter.roleArn !== undefined;
  const sends = new Map<Holder, Set<string>>();
  for (const command of Object.values(COMMANDS)) {
    if (typeof command.sender === 'object' || command.inputs(f).length === 0) continue;
    for (const who of sendersOf(command.sender, viaRole)) {
      const set = sends.get(who) ?? new Set<string>();
      set.add(actionOf(command).toLowerCase());
      sends.set(who, set);
    }
  }
  const problems: string[] = [];
  for (const [who, policies] of Object.entries(holders) as [Holder, PolicyDocument[]][]) {
    const sent = sends.get(who) ?? new Set<string>();
    const onItsBehalf = new Set(
      SENT_ON_ITS_BEHALF.filter((b) => b.needs(who, sent, config)).flatMap((b) =>
        b.actions.map((a) => a.toLowerCase()),
      ),
    );
    for (const statement of policies.flatMap((p) => [p.Statement].flat())) {
      if (statement.Effect !== 'Allow') continue;
      if (statement.NotAction !== undefined)
        problems.push(`${who}: every action but ${[statement.NotAction].flat().join(', ')}`);
      for (const action of [statement.Action ?? []].flat()) {
        const key = action.toLowerCase();
        if (!sent.has(key) && !onItsBehalf.has(key)) problems.push(`${who}: ${action}`);
      }
    }
  }
  return [...new Set(problems)];
}

/** A role's policies with `action` added to its first statement, as a careless change might add it. */
const withAction = (policies: PolicyDocument[] | undefined, action: string): PolicyDocument[] =>
  (policies ?? []).map((policy, i) => {
    if (i > 0) return policy;
    const [first, ...rest] = [policy.Statement].flat();
    if (!first) return policy;
    return {
      ...policy,
      Statement: [{ ...first, Action: [[first.Action ?? []].flat(), action].flat() }, ...rest],
    };
  });

async function holdersOf(fixtureName: string): Promise<{ config: Config; holders: Holders }> {
  const config = await loadConfig(fixture(fixtureName));
  const { roles } = await rolePoliciesFor(config, NAMES, { identityStoreAccount: STORE_ACCOUNT });
  const holders: Holders = {};
  for (const fn of FUNCTION_ROLES) holders[fn] = roles[fn].policies.map(parsePolicy);
  const { roleArn } = config.identityCenter;
  if (roleArn) {
    holders.IdentityCenterRole = [parsePolicy(identityCenterRolePolicy(config, roleAccount(roleArn) ?? ''))];
  }
  return { config, holders };
}

let direct: { config: Config; holders: Holders };
let delegated: { config: Config; holders: Holders };
let severalAccounts: { config: Config; holders: Holders };

beforeAll(async () => {
  direct = await holdersOf('latchkey.yml');
  delegated = await holdersOf('latchkey-role.yml');
  severalAccounts = await holdersOf('latchkey-ou.yml');
}, 240_000);

describe('the AWS calls in the code', () => {
  it('are each listed with the role that sends them', async () => {
    expect(await scan()).toEqual(Object.keys(COMMANDS).sort());
  });

  it('include what a paginator sends for each page, and commands imported under another name', () => {
    const text = [
      "import { paginateListGroupMemberships as pages, DescribeUserCommand as Describe } from '@aws-sdk/client-identitystore';",
      "import { paginateListAccountAssignments } from '@aws-sdk/client-sso-admin';",
      "import { ListThingsCommand } from './elsewhere.js';",
      'for await (const page of pages({ client }, { GroupId })) use(page);',
      'await client.send(new Describe({ UserId }));',
      'const listing = paginateListAccountAssignments({ client }, input);',
      'await client.send(new ListThingsCommand({}));',
    ].join('\n');
    expect(commandsIn(text).sort()).toEqual([
      '(not an AWS SDK import):ListThingsCommand',
      'client-identitystore:DescribeUserCommand',
      'client-identitystore:ListGroupMembershipsCommand',
      'client-sso-admin:ListAccountAssignmentsCommand',
    ]);
  });

  it('are each allowed to the function roles the stack deploys', () => {
    expect(uncovered(direct.config, direct.holders)).toEqual([]);
  });

  it('are each allowed, AWS Organizations reads included, with entitlements on a list of accounts and an OU', () => {
    expect(uncovered(severalAccounts.config, severalAccounts.holders)).toEqual([]);
  });

  it('are each allowed to the role in identityCenter.roleArn, which the functions may assume', () => {
    expect(uncovered(delegated.config, delegated.holders)).toEqual([]);
  });

  it('are found wanting when an action only a paginator sends is taken out of a role', () => {
    const worker = (direct.holders.Worker ?? []).map((policy) => ({
      ...policy,
      Statement: [policy.Statement].flat().map((s) => ({
        ...s,
        Action: [s.Action ?? []].flat().filter((a) => a !== 'identitystore:ListGroupMemberships'),
      })),
    }));
    expect(uncovered(direct.config, { ...direct.holders, Worker: worker })).toEqual([
      expect.stringMatching(/^Worker: identitystore:ListGroupMemberships on /),
      expect.stringMatching(/^Worker: identitystore:ListGroupMemberships on /),
    ]);
  });

  it('are found wanting when one action is taken out of a role', () => {
    const worker = (direct.holders.Worker ?? []).map((policy) => ({
      ...policy,
      Statement: [policy.Statement].flat().map((s) => ({
        ...s,
        Action: [s.Action ?? []].flat().filter((a) => a !== 'identitystore:DescribeGroupMembership'),
      })),
    }));
    expect(uncovered(direct.config, { ...direct.holders, Worker: worker })).toEqual([
      expect.stringMatching(/^Worker: identitystore:DescribeGroupMembership on /),
      expect.stringMatching(/^Worker: identitystore:DescribeGroupMembership on /),
    ]);
  });
});

describe('the actions each role is granted', () => {
  it('are each sent as that role by the code, or by AWS on its behalf', () => {
    expect(unneeded(direct.config, direct.holders)).toEqual([]);
  });

  it('are each sent, AWS Organizations reads and activity queries included, with entitlements on a list of accounts and an OU', () => {
    expect(unneeded(severalAccounts.config, severalAccounts.holders)).toEqual([]);
  });

  it('are each sent as the role in identityCenter.roleArn, the doctor’s calls from the command line included', () => {
    expect(delegated.holders.IdentityCenterRole).toBeDefined();
    expect(unneeded(delegated.config, delegated.holders)).toEqual([]);
  });

  it('include what Identity Center does as the caller on the management account, only with it configured', async () => {
    const doc = parseYaml(await readFile(fixture('latchkey-role.yml'), 'utf8')) as {
      identityCenter: Record<string, unknown>;
    };
    doc.identityCenter.managementAccount = '123456789012';
    const managed = parseConfig(stringifyYaml(doc));
    const policy = parsePolicy(identityCenterRolePolicy(managed, '111122223333'));
    expect(JSON.stringify(policy)).toContain('iam:CreateRole');
    expect(unneeded(managed, { IdentityCenterRole: [policy] })).toEqual([]);
    // The same statements for a config that names no management account are more than it needs.
    expect(unneeded(delegated.config, { IdentityCenterRole: [policy] })).toEqual(
      expect.arrayContaining([
        'IdentityCenterRole: iam:CreateRole',
        'IdentityCenterRole: iam:CreateSAMLProvider',
      ]),
    );
  });

  it('are found wanting when a role holds one action nothing sends as it', () => {
    const extra: [Holder, string][] = [
      ['Worker', 'organizations:ListRoots'],
      ['Sweeper', 'organizations:DescribeOrganization'],
      ['Worker', 'sso:ListInstances'],
      ['SlackHandler', 'secretsmanager:DescribeSecret'],
      ['Sweeper', 'dynamodb:BatchGetItem'],
      ['Worker', 'sqs:GetQueueAttributes'],
      // The Slack handler queues `/access activity` on the worker; it queries nothing itself.
      ['SlackHandler', 'cloudtrail:StartQuery'],
    ];
    for (const [who, action] of extra) {
      const holders = { ...severalAccounts.holders, [who]: withAction(severalAccounts.holders[who], action) };
      expect(unneeded(severalAccounts.config, holders)).toEqual([`${who}: ${action}`]);
    }
    // Listing the instances is the doctor's, from the command line: the roleArn role holds it, no function.
    expect(
      unneeded(direct.config, {
        ...direct.holders,
        Sweeper: withAction(direct.holders.Sweeper, 'sso:ListInstances'),
      }),
    ).toEqual(['Sweeper: sso:ListInstances']);
  });
});
