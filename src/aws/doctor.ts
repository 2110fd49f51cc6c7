// The AWS half of `latchkey doctor`: can Latchkey reach AWS, is the Identity Center instance there, does
// every entitlement's target exist, and will a revoked person's session outlive the grant.

import { paginateListInstances, type SSOAdminClient } from '@aws-sdk/client-sso-admin';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { formatDuration } from '../core/duration.js';
import { type AccountScope, describeTarget, type Target } from '../core/entitlement.js';
import { OrganizationUnavailable } from '../core/errors.js';
import type { IdentityCenter, Organizations } from '../core/ports.js';
import {
  entitlementsOn,
  MANAGEMENT_ACCOUNT_ROLE_ACTIONS,
  MANAGEMENT_ACCOUNT_SAML_ACTIONS,
} from './management-account.js';

export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
  warning?: string;
}

export interface DoctorEntitlement {
  id: string;
  target: Target;
  /** For an entitlement on several accounts: the list or the OU. */
  accounts?: AccountScope | undefined;
  maxDurationSec: number;
}

export interface AwsCheckDeps {
  sts: STSClient;
  ssoAdmin: SSOAdminClient;
  identityCenter: IdentityCenter;
  instanceArn: string;
  identityStoreId?: string;
  /** `identityCenter.managementAccount` from the config. */
  managementAccount?: string;
  entitlements: DoctorEntitlement[];
  /** AWS Organizations, to check that each OU entitlement resolves to accounts. */
  organizations?: Organizations;
}

export async function runAwsChecks(deps: AwsCheckDeps): Promise<CheckResult[]> {
  const caller = await checkCaller(deps.sts);
  const instance = await checkInstance(deps);
  const results = [caller.result, instance.result];
  // An organization instance belongs to the organization's management account.
  if (instance.owner) {
    results.push(
      checkManagementAccount({
        owner: instance.owner,
        configured: deps.managementAccount,
        callerAccount: caller.account,
        entitlements: deps.entitlements,
      }),
    );
  }
  for (const entitlement of deps.entitlements) {
    results.push(await checkEntitlement(deps.identityCenter, entitlement));
    if (entitlement.accounts?.kind === 'ou')
      results.push(await checkOu(deps.organizations, entitlement.id, entitlement.accounts.ouId));
  }
  return results;
}

/** An OU entitlement covers the ACTIVE accounts AWS Organizations lists under it now: none is a failure. */
async function checkOu(
  organizations: Organizations | undefined,
  id: string,
  ouId: string,
): Promise<CheckResult> {
  const name = `Entitlement ${id}: ${ouId}`;
  if (!organizations)
    return { name, ok: false, detail: 'No AWS Organizations endpoint to read the OU from.' };
  try {
    const active = (await organizations.accountsUnder(ouId)).filter((a) => a.status === 'ACTIVE');
    if (active.length === 0)
      return { name, ok: false, detail: 'The OU holds no ACTIVE account: nothing to grant.' };
    return {
      name,
      ok: true,
      detail: `${active.length} active account(s): ${active.map((a) => a.id).join(', ')}.`,
    };
  } catch (error) {
    return {
      name,
      ok: false,
      detail: error instanceof OrganizationUnavailable ? error.detail : describe(error),
    };
  }
}

async function checkCaller(sts: STSClient): Promise<{ result: CheckResult; account?: string }> {
  const name = 'AWS credentials';
  try {
    const me = await sts.send(new GetCallerIdentityCommand({}));
    return {
      result: { name, ok: true, detail: `Acting as ${me.Arn} in account ${me.Account}.` },
      ...(me.Account && { account: me.Account }),
    };
  } catch (error) {
    return { result: { name, ok: false, detail: `STS GetCallerIdentity failed: ${describe(error)}` } };
  }
}

/**
 * Entitlements on the management account work only from that account, and only when the deployment
 * grants the IAM actions Identity Center then takes as its caller (`identityCenter.managementAccount`).
 */
export function checkManagementAccount(facts: {
  owner: string;
  configured?: string | undefined;
  callerAccount?: string | undefined;
  entitlements: DoctorEntitlement[];
}): CheckResult {
  const name = 'Management account';
  const { owner, configured } = facts;
  if (configured !== undefined && configured !== owner) {
    return {
      name,
      ok: false,
      detail: `identityCenter.managementAccount is ${configured}, but the instance belongs to ${owner}, the management account.`,
    };
  }
  const on = entitlementsOn(owner, facts.entitlements);
  if (on.length === 0) return { name, ok: true, detail: `No entitlement assigns access on ${owner}.` };
  const which = `Entitlement(s) ${on.join(', ')} assign access on the management account ${owner}`;
  if (configured === undefined) {
    const actions = [...MANAGEMENT_ACCOUNT_ROLE_ACTIONS, ...MANAGEMENT_ACCOUNT_SAML_ACTIONS].join(', ');
    return {
      name,
      ok: false,
      detail:
        `${which}: Identity Center then needs ${actions} on role/aws-reserved/sso.amazonaws.com/* and ` +
        `saml-provider/AWSSSO_* in ${owner} from Latchkey itself, and the stack and role-policy grant them ` +
        `only with identityCenter.managementAccount: "${owner}". Set it, then deploy again (or attach the ` +
        'printed role policy again).',
    };
  }
  if (facts.callerAccount !== undefined && facts.callerAccount !== owner) {
    return {
      name,
      ok: false,
      detail:
        `${which}, but Latchkey acts from account ${facts.callerAccount}: only the management account ` +
        'itself can assign access there (a delegated administrator cannot). Assume a role in it (identityCenter.roleArn).',
    };
  }
  return {
    name,
    ok: true,
    detail: `${which}; the deployment grants the IAM actions Identity Center needs there.`,
  };
}

async function checkInstance(deps: AwsCheckDeps): Promise<{ result: CheckResult; owner?: string }> {
  const name = 'Identity Center instance';
  try {
    for await (const page of paginateListInstances({ client: deps.ssoAdmin }, {})) {
      const instance = page.Instances?.find((i) => i.InstanceArn === deps.instanceArn);
      if (instance) {
        if (deps.identityStoreId !== undefined && instance.IdentityStoreId !== deps.identityStoreId) {
          return {
            result: {
              name,
              ok: false,
              detail: `${deps.instanceArn} uses identity store ${instance.IdentityStoreId}, not the configured ${deps.identityStoreId}.`,
            },
          };
        }
        return {
          result: {
            name,
            ok: true,
            detail: `${deps.instanceArn} (identity store ${instance.IdentityStoreId}).`,
          },
          ...(instance.OwnerAccountId && { owner: instance.OwnerAccountId }),
        };
      }
    }
    return {
      result: {
        name,
        ok: false,
        detail: `${deps.instanceArn} is not among the instances these credentials can see.`,
      },
    };
  } catch (error) {
    return { result: { name, ok: false, detail: `ListInstances failed: ${describe(error)}` } };
  }
}

async function checkEntitlement(identityCenter: IdentityCenter, e: DoctorEntitlement): Promise<CheckResult> {
  const name = `Entitlement ${e.id}`;
  // An OU's accounts are read when a request is made: here its permission set is what can be checked, and
  // resolving it asks nothing about the account.
  const onOu = e.target.kind === 'permissionSet' && e.target.accountId === '';
  const probe: Target =
    e.target.kind === 'permissionSet' && onOu ? { ...e.target, accountId: '000000000000' } : e.target;
  const what =
    e.target.kind === 'permissionSet' && onOu
      ? `${e.target.permissionSet} (on an OU)`
      : describeTarget(e.target);
  try {
    const resolved = await identityCenter.resolveTarget(probe);
    const detail = `${what} resolves.`;
    if (resolved.kind === 'permissionSet' && (resolved.sessionDurationSec ?? 0) > e.maxDurationSec) {
      const session = formatDuration(resolved.sessionDurationSec ?? 0);
      return {
        name,
        ok: true,
        detail,
        warning:
          `Sessions of ${e.target.kind === 'permissionSet' ? e.target.permissionSet : 'it'} last ${session}, ` +
          `longer than the ${formatDuration(e.maxDurationSec)} this entitlement grants at most: ` +
          'a revoked person keeps a session already started until it ends. Shorten its session duration.',
      };
    }
    return { name, ok: true, detail };
  } catch (error) {
    return { name, ok: false, detail: `${what}: ${describe(error)}` };
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
