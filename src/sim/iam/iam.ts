// Who signs each request and what their policies let them do. A simulator hands `authorize` the access
// key from the request's SigV4 `Authorization` header, the IAM action and the resource ARNs; the answer
// is `allowed` or the denial AWS would send. Access keys are bound to principals by the test or by the
// STS simulator's AssumeRole (credentials carry the assumed role's policies).

import { type Decision, evaluate, type PolicyDocument, parsePolicy } from './policy.js';

export interface Principal {
  /** As AWS names the caller in errors: `arn:aws:sts::<account>:assumed-role/<role>/<session>`. */
  arn: string;
  policies: PolicyDocument[];
}

export interface AuthRequest {
  /** From `Credential=<key>/…` in the Authorization header; undefined when the request is unsigned. */
  accessKeyId: string | undefined;
  /** `service:Operation`, e.g. `sso:CreateAccountAssignment`. */
  action: string;
  /** What the Service Authorization Reference says the action is authorized against; `["*"]` for none. */
  resources: string[];
}

export type Denial =
  | { kind: 'UnrecognizedClient'; message: string }
  | { kind: 'AccessDenied'; message: string; action: string; resource: string; decision: Decision };

export type AuthResult = { allowed: true; principal: Principal } | { allowed: false; denial: Denial };

/** Answered whatever the policies say (STS GetCallerIdentity needs no permission, per its reference). */
const NEEDS_NO_PERMISSION = new Set(['sts:getcalleridentity']);

export interface Denied extends AuthRequest {
  principal: string;
  decision: Decision;
}

export class Iam {
  private readonly keys = new Map<string, Principal>();
  private readonly roles = new Map<string, PolicyDocument[]>();
  /** Every denied request, for tests to assert on and for messages that name what was missing. */
  readonly denied: Denied[] = [];

  /** Binds an access key to a principal and its policies (validated as IAM would). */
  bind(accessKeyId: string, principal: { arn: string; policies: unknown[] }): void {
    this.keys.set(accessKeyId, { arn: principal.arn, policies: principal.policies.map(parsePolicy) });
  }

  /** Defines a role that STS AssumeRole may hand out credentials for (trust policies are not evaluated). */
  defineRole(roleArn: string, policies: unknown[]): void {
    this.roles.set(roleArn, policies.map(parsePolicy));
  }

  /** The policies of a defined role; undefined when no such role exists. */
  rolePolicies(roleArn: string): PolicyDocument[] | undefined {
    return this.roles.get(roleArn);
  }

  principalOf(accessKeyId: string | undefined): Principal | undefined {
    return accessKeyId === undefined ? undefined : this.keys.get(accessKeyId);
  }

  authorize(request: AuthRequest): AuthResult {
    const principal = this.principalOf(request.accessKeyId);
    if (!principal) {
      return {
        allowed: false,
        denial: {
          kind: 'UnrecognizedClient',
          message: 'The security token included in the request is invalid.',
        },
      };
    }
    if (NEEDS_NO_PERMISSION.has(request.action.toLowerCase())) return { allowed: true, principal };
    const decision = evaluate(principal.policies, request.action, request.resources);
    if (decision === 'allow') return { allowed: true, principal };
    this.denied.push({ ...request, principal: principal.arn, decision });
    // AWS names one resource: the first one the policies do not allow.
    const resource =
      request.resources.find((r) => evaluate(principal.policies, request.action, [r]) !== 'allow') ??
      request.resources[0] ??
      '*';
    const why =
      decision === 'explicit-deny'
        ? 'with an explicit deny in an identity-based policy'
        : `because no identity-based policy allows the ${request.action} action`;
    return {
      allowed: false,
      denial: {
        kind: 'AccessDenied',
        action: request.action,
        resource,
        decision,
        message: `User: ${principal.arn} is not authorized to perform: ${request.action} on resource: ${resource} ${why}`,
      },
    };
  }
}

/** The access key id of a SigV4-signed request, from its Authorization header. */
export function accessKeyOf(authorization: string | string[] | undefined): string | undefined {
  return /Credential=([^/,\s]+)\//.exec(String(authorization ?? ''))?.[1];
}
