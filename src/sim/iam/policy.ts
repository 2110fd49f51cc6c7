// IAM policy documents as roles hold them, and their evaluation for one request as AWS documents it
// (IAM User Guide, "Policy evaluation logic", identity-based policies only): an explicit Deny wins;
// otherwise every resource the action is authorized against must be allowed by some statement; nothing
// allowing it is an implicit deny. `Action`/`NotAction` match case-insensitively, `Resource`/`NotResource`
// match ARNs segment by segment, both with `*` (any run of characters) and `?` (one character).
//
// Conditions are not evaluated. To stay on the strict side, an Allow with a `Condition` never applies and
// a Deny with one always does: a policy that relies on a condition to allow something fails here loudly.

import { z } from 'zod';

const oneOrMany = z.union([z.string(), z.array(z.string())]);

export const statementSchema = z
  .object({
    Sid: z.string().optional(),
    Effect: z.enum(['Allow', 'Deny']),
    Action: oneOrMany.optional(),
    NotAction: oneOrMany.optional(),
    Resource: oneOrMany.optional(),
    NotResource: oneOrMany.optional(),
    Condition: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((s) => (s.Action === undefined) !== (s.NotAction === undefined), 'exactly one of Action, NotAction')
  .refine(
    (s) => (s.Resource === undefined) !== (s.NotResource === undefined),
    'exactly one of Resource, NotResource',
  );

export const policyDocumentSchema = z.object({
  Version: z.literal('2012-10-17').optional(),
  Statement: z.union([statementSchema, z.array(statementSchema)]),
});

export type Statement = z.infer<typeof statementSchema>;
export type PolicyDocument = z.infer<typeof policyDocumentSchema>;

/** Validates a policy document (as JSON text or parsed), as IAM would refuse a malformed one. */
export function parsePolicy(document: unknown): PolicyDocument {
  const value = typeof document === 'string' ? JSON.parse(document) : document;
  const parsed = policyDocumentSchema.safeParse(value);
  if (!parsed.success) throw new Error(`not an IAM policy document: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export type Decision = 'allow' | 'explicit-deny' | 'implicit-deny';

const list = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

const globCache = new Map<string, RegExp>();

/** `*` any run of characters, `?` exactly one; everything else literal. */
function glob(pattern: string, flags = ''): RegExp {
  const key = `${flags}:${pattern}`;
  let regex = globCache.get(key);
  if (!regex) {
    const body = pattern
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/-]/g, '\\$&')))
      .join('');
    regex = new RegExp(`^${body}$`, flags);
    globCache.set(key, regex);
  }
  return regex;
}

export function actionMatches(pattern: string, action: string): boolean {
  return glob(pattern, 'i').test(action);
}

/**
 * An ARN pattern against an ARN: `*` alone matches everything; otherwise the six colon-separated parts are
 * matched one by one (the last one keeps its own colons), so a wildcard never spills into another part.
 */
export function resourceMatches(pattern: string, arn: string): boolean {
  if (pattern === '*') return true;
  const split = (text: string) => {
    const parts = text.split(':');
    return [...parts.slice(0, 5), parts.slice(5).join(':')];
  };
  const p = split(pattern);
  const a = split(arn);
  if (p.length !== a.length) return false;
  return p.every((part, i) => glob(part).test(a[i] ?? ''));
}

function coversAction(statement: Statement, action: string): boolean {
  if (statement.Action !== undefined) return list(statement.Action).some((p) => actionMatches(p, action));
  return !list(statement.NotAction).some((p) => actionMatches(p, action));
}

function coversResource(statement: Statement, resource: string): boolean {
  if (statement.Resource !== undefined) {
    return list(statement.Resource).some((p) => resourceMatches(p, resource));
  }
  return !list(statement.NotResource).some((p) => resourceMatches(p, resource));
}

export const statementsOf = (policy: PolicyDocument): Statement[] =>
  Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];

/**
 * Decides one request: `action` (`service:Operation`) against every ARN in `resources` (`["*"]` for an
 * action with no resource type).
 */
export function evaluate(policies: PolicyDocument[], action: string, resources: string[]): Decision {
  const statements = policies.flatMap(statementsOf);
  const denied = statements.some(
    (s) => s.Effect === 'Deny' && coversAction(s, action) && resources.some((r) => coversResource(s, r)),
  );
  if (denied) return 'explicit-deny';
  const allows = statements.filter(
    (s) => s.Effect === 'Allow' && s.Condition === undefined && coversAction(s, action),
  );
  const allowed = resources.length > 0 && resources.every((r) => allows.some((s) => coversResource(s, r)));
  return allowed ? 'allow' : 'implicit-deny';
}
