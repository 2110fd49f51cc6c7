// The AWS half of `latchkey doctor`: can Latchkey reach AWS, is the Identity Center instance there, does
// every entitlement's target exist, and will a revoked person's session outlive the grant.

import { ListInstancesCommand, type SSOAdminClient } from '@aws-sdk/client-sso-admin';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { formatDuration } from '../core/duration.js';
import { describeTarget, type Target } from '../core/entitlement.js';
import type { IdentityCenter } from '../core/ports.js';

export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
  warning?: string;
}

export interface DoctorEntitlement {
  id: string;
  target: Target;
  maxDurationSec: number;
}

export interface AwsCheckDeps {
  sts: STSClient;
  ssoAdmin: SSOAdminClient;
  identityCenter: IdentityCenter;
  instanceArn: string;
  identityStoreId?: string;
  entitlements: DoctorEntitlement[];
}

export async function runAwsChecks(deps: AwsCheckDeps): Promise<CheckResult[]> {
  const results = [await checkCaller(deps.sts), await checkInstance(deps)];
  for (const entitlement of deps.entitlements)
    results.push(await checkEntitlement(deps.identityCenter, entitlement));
  return results;
}

async function checkCaller(sts: STSClient): Promise<CheckResult> {
  const name = 'AWS credentials';
  try {
    const me = await sts.send(new GetCallerIdentityCommand({}));
    return { name, ok: true, detail: `Acting as ${me.Arn} in account ${me.Account}.` };
  } catch (error) {
    return { name, ok: false, detail: `STS GetCallerIdentity failed: ${describe(error)}` };
  }
}

async function checkInstance(deps: AwsCheckDeps): Promise<CheckResult> {
  const name = 'Identity Center instance';
  try {
    let token: string | undefined;
    do {
      const page = await deps.ssoAdmin.send(new ListInstancesCommand({ NextToken: token }));
      const instance = page.Instances?.find((i) => i.InstanceArn === deps.instanceArn);
      if (instance) {
        if (deps.identityStoreId !== undefined && instance.IdentityStoreId !== deps.identityStoreId) {
          return {
            name,
            ok: false,
            detail: `${deps.instanceArn} uses identity store ${instance.IdentityStoreId}, not the configured ${deps.identityStoreId}.`,
          };
        }
        return {
          name,
          ok: true,
          detail: `${deps.instanceArn} (identity store ${instance.IdentityStoreId}).`,
        };
      }
      token = page.NextToken;
    } while (token);
    return {
      name,
      ok: false,
      detail: `${deps.instanceArn} is not among the instances these credentials can see.`,
    };
  } catch (error) {
    return { name, ok: false, detail: `ListInstances failed: ${describe(error)}` };
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
