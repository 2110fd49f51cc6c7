// The IAM policies each Latchkey function's role holds in the synthesized stack, made concrete for the
// loopback deployment: CloudFormation's Ref / Fn::GetAtt / Fn::Join resolved to the table, secret and
// worker the doubles stand for, in the doubles' account and region. The stack is synthesized from the same
// config the functions run with, so the tests run each function under exactly what `cdk deploy` grants it.

import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { LambdaName } from '../../../infra/bundle.js';
import { LatchkeyStack } from '../../../infra/stack.js';
import type { Config } from '../../../src/config/schema.js';
import { standInBundles } from '../../infra/synth.js';
import { ACCOUNT, functionArn, REGION } from './context.js';

export type FunctionRole = 'SlackHandler' | 'Worker' | 'Sweeper';
export const FUNCTION_ROLES: FunctionRole[] = ['SlackHandler', 'Worker', 'Sweeper'];

export interface PhysicalNames {
  table: string;
  secretArn: string;
  workerName: string;
}

export interface RolePolicies {
  /** Per function: the role's name and its policy documents, every ARN concrete. */
  roles: Record<FunctionRole, { roleName: string; policies: { Statement: unknown[] }[] }>;
  template: Template;
}

type Cfn = unknown;

function resolver(template: Template, names: PhysicalNames) {
  const resources = template.toJSON().Resources as Record<string, { Type: string }>;
  const arnOf = (logicalId: string): string => {
    const resource = resources[logicalId];
    if (!resource) throw new Error(`no resource ${logicalId} in the template`);
    switch (resource.Type) {
      case 'AWS::DynamoDB::Table':
        return `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${names.table}`;
      case 'AWS::SecretsManager::Secret':
        return names.secretArn;
      case 'AWS::Lambda::Function':
        return logicalId.startsWith('Worker') ? functionArn(names.workerName) : functionArn(logicalId);
      case 'AWS::Logs::LogGroup':
        return `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/${logicalId}:*`;
      case 'AWS::SQS::Queue':
        return `arn:aws:sqs:${REGION}:${ACCOUNT}:${logicalId}`;
      default:
        throw new Error(`cannot name ${logicalId} (${resource.Type}) in the loopback deployment`);
    }
  };
  const pseudo: Record<string, string> = {
    'AWS::Partition': 'aws',
    'AWS::Region': REGION,
    'AWS::AccountId': ACCOUNT,
    'AWS::URLSuffix': 'amazonaws.com',
  };
  const resolve = (value: Cfn): unknown => {
    if (typeof value === 'string' || typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) return value.map(resolve);
    const entries = Object.entries(value);
    const [key, arg] = entries[0] ?? [];
    if (entries.length === 1 && key === 'Ref') {
      const name = String(arg);
      return pseudo[name] ?? arnOf(name);
    }
    if (entries.length === 1 && key === 'Fn::GetAtt') {
      const [id, attribute] = arg as [string, string];
      if (attribute !== 'Arn') throw new Error(`cannot resolve ${id}.${attribute}`);
      return arnOf(id);
    }
    if (entries.length === 1 && key === 'Fn::Join') {
      const [separator, parts] = arg as [string, Cfn[]];
      return parts.map((p) => String(resolve(p))).join(separator);
    }
    if (entries.length === 1 && key?.startsWith('Fn::')) throw new Error(`cannot resolve ${key}`);
    return Object.fromEntries(entries.map(([k, v]) => [k, resolve(v)]));
  };
  return resolve;
}

/** Synthesizes the stack for `config` and reads each function role's policies, resolved. */
export async function rolePoliciesFor(
  config: Config,
  names: PhysicalNames,
  options: { identityStoreAccount?: string } = {},
): Promise<RolePolicies> {
  const bundleDirs = (await standInBundles()) as Record<LambdaName, string>;
  const stack = new LatchkeyStack(new App(), 'LatchkeyLoopback', {
    config,
    bundleDirs,
    ...(options.identityStoreAccount && { identityStoreAccount: options.identityStoreAccount }),
  });
  const template = Template.fromStack(stack);
  const resolve = resolver(template, names);
  const roles = {} as RolePolicies['roles'];
  const policies = Object.entries(template.findResources('AWS::IAM::Policy'));
  for (const fn of FUNCTION_ROLES) {
    const roleIds = Object.keys(template.findResources('AWS::IAM::Role')).filter((id) =>
      id.startsWith(`${fn}Role`),
    );
    const documents = policies
      .filter(([, p]) => (p.Properties.Roles as { Ref: string }[]).some((r) => roleIds.includes(r.Ref)))
      .map(([, p]) => resolve(p.Properties.PolicyDocument) as { Statement: unknown[] });
    roles[fn] = { roleName: `Latchkey-${fn}Role`, policies: documents };
  }
  return { roles, template };
}
