// The benchmarks' world: the sandbox organisation with `n` extra people who exist in both Slack and
// Identity Center (bench0…), and the sandbox config with two entitlements for them: `bench-read` (one
// approval, by Bob) and `bench-auto` (no approval), both read-only on production, 30 s at the shortest.

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { parseConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import type { Entitlement } from '../../src/core/entitlement.js';
import type { IdentityCenterSeed } from '../../src/sim/identity-center/index.js';
import { SAMPLE_CONFIG, SAMPLE_ORG } from '../../src/sim/sandbox.js';

export const PRODUCTION = '123456789012';
export const READ_ONLY = 'ReadOnlyAccess';
export const SIGNING_SECRET = 'bench-signing-secret-0123456789abcdef';
export const BOT_TOKEN = 'xoxb-bench-0000-latchkey';

export const benchUserId = (i: number) => `U0BENCH${i}`;
export const benchUserName = (i: number) => `bench${i}`;
const benchEmail = (i: number) => `bench${i}@example.com`;

interface OrgDoc {
  slack: { users: Record<string, unknown>[] } & Record<string, unknown>;
  identityCenter: IdentityCenterSeed;
}

async function sandboxOrg(): Promise<OrgDoc> {
  return parse(await readFile(SAMPLE_ORG, 'utf8')) as OrgDoc;
}

/** The Slack side: the sandbox workspace plus `n` people. */
export async function slackOrg(n: number): Promise<unknown> {
  const org = await sandboxOrg();
  const extra = Array.from({ length: n }, (_, i) => ({
    id: benchUserId(i),
    name: benchUserName(i),
    realName: `Bench ${i}`,
    email: benchEmail(i),
  }));
  return { ...org.slack, users: [...org.slack.users, ...extra] };
}

/** The Identity Center side: the sandbox instance plus `n` users, the first `assigned` of them holding bench access. */
export async function identityCenterSeed(n: number, assigned = 0): Promise<IdentityCenterSeed> {
  const ic = (await sandboxOrg()).identityCenter;
  return {
    ...ic,
    users: [
      ...(ic.users ?? []),
      ...Array.from({ length: n }, (_, i) => ({
        userName: benchUserName(i),
        email: benchEmail(i),
        displayName: `Bench ${i}`,
      })),
    ],
    assignments: [
      ...(ic.assignments ?? []),
      ...Array.from({ length: assigned }, (_, i) => ({
        user: benchUserName(i),
        account: PRODUCTION,
        permissionSet: READ_ONLY,
      })),
    ],
  };
}

export async function benchConfigText(): Promise<string> {
  const doc = parse(await readFile(SAMPLE_CONFIG, 'utf8')) as { entitlements: unknown[]; activity?: unknown };
  // No activity digests: the benchmarks time grants and their access, and the sample's digests would ask
  // CloudTrail Lake (none here) for every grant that ended half a minute before, inside the timed pass.
  delete doc.activity;
  const bench = (id: string, approvals: number) => ({
    id,
    description: `Benchmark: read-only on production, ${approvals} approval(s)`,
    account: PRODUCTION,
    permissionSet: READ_ONLY,
    maxDuration: '8h',
    approvers: ['U0BOB'],
    approvals,
  });
  doc.entitlements.push(bench('bench-read', 1), bench('bench-auto', 0));
  return stringify(doc);
}

export async function benchConfig(): Promise<Config> {
  return parseConfig(await benchConfigText());
}

/** Writes the bench config into `dir` for `latchkey serve` (LATCHKEY_CONFIG). */
export async function writeBenchConfig(dir: string): Promise<string> {
  const path = join(dir, 'latchkey.bench.yml');
  await writeFile(path, await benchConfigText());
  return path;
}

export function entitlementOf(config: Config, id: string): Entitlement {
  const found = config.entitlements.find((e) => e.id === id);
  if (!found) throw new Error(`the bench config has no entitlement ${id}`);
  return found;
}
