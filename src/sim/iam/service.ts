// A service's map from API operations to the IAM action and resource ARNs AWS authorizes them against
// (the Service Authorization Reference's "Actions" table), and the one call a simulator makes per request.

import type { AuthResult, Iam } from './iam.js';

export type Input = Record<string, unknown>;

/** The ARNs one operation is authorized against, from its input and what the simulator knows. */
export type ResourcesOf<C> = (input: Input, context: C) => string[];

export interface ServiceAuthorization<C = undefined> {
  /** The IAM service prefix: `sso`, `identitystore`, `dynamodb`… */
  prefix: string;
  /** Operation name → its resources. The action is `<prefix>:<Operation>` unless `actions` says otherwise. */
  operations: Record<string, ResourcesOf<C>>;
  /** Operations whose IAM action is named differently, e.g. Lambda's Invoke → `lambda:InvokeFunction`. */
  actions?: Record<string, string>;
}

export class UnmappedOperationError extends Error {}

/** Authorizes one call of `operation`; an operation the service does not map is a simulator bug. */
export function authorizeOperation<C>(
  iam: Iam,
  service: ServiceAuthorization<C>,
  call: { operation: string; input: Input; accessKeyId: string | undefined; context: C },
): AuthResult {
  const resourcesOf = service.operations[call.operation];
  if (!resourcesOf) {
    throw new UnmappedOperationError(
      `${service.prefix}: no resources registered for ${call.operation}; add it to the service's map`,
    );
  }
  const action = service.actions?.[call.operation] ?? `${service.prefix}:${call.operation}`;
  return iam.authorize({
    accessKeyId: call.accessKeyId,
    action,
    resources: resourcesOf(call.input, call.context),
  });
}

/** A string member of the input, or `*` when absent (validation then refuses the request anyway). */
export const str = (input: Input, key: string): string => {
  const value = input[key];
  return typeof value === 'string' && value !== '' ? value : '*';
};
