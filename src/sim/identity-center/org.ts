// The organisation the simulator starts from: the `identityCenter:` section of an org file such as
// examples/sandbox/org.yml, validated before anything is built from it.

import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';

const accountId = z.string().regex(/^\d{12}$/, 'an account id is twelve digits');
/** Identity Center accepts session durations from one to twelve hours, written as ISO-8601. */
const sessionDuration = z
  .string()
  .regex(/^PT(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+S)?$/, 'an ISO-8601 duration such as PT1H')
  .refine((value) => {
    const seconds = isoDurationSeconds(value);
    return seconds >= 3600 && seconds <= 12 * 3600;
  }, 'between PT1H and PT12H');

const assignmentSchema = z
  .object({
    user: z.string().min(1).optional(),
    group: z.string().min(1).optional(),
    account: accountId,
    permissionSet: z.string().min(1),
  })
  .refine((a) => (a.user === undefined) !== (a.group === undefined), 'name either a user or a group');

export const identityCenterSeedSchema = z
  .object({
    instanceArn: z.string().regex(/^arn:aws:sso:::instance\/(sso)?ins-[a-zA-Z0-9-.]{16}$/),
    identityStoreId: z.string().regex(/^d-[0-9a-f]{10}$/),
    /** The account Identity Center is administered from: what STS reports as the caller's account. */
    accountId,
    accounts: z.array(z.object({ id: accountId, name: z.string().min(1) })).default([]),
    users: z
      .array(
        z.object({
          userName: z.string().min(1),
          email: z.email(),
          displayName: z.string().min(1),
          active: z.boolean().default(true),
        }),
      )
      .default([]),
    groups: z
      .array(
        z.object({
          displayName: z.string().min(1),
          description: z.string().optional(),
          members: z.array(z.string().min(1)).default([]),
        }),
      )
      .default([]),
    permissionSets: z
      .array(
        z.object({
          name: z.string().min(1),
          description: z.string().optional(),
          sessionDuration: sessionDuration.default('PT1H'),
        }),
      )
      .default([]),
    assignments: z.array(assignmentSchema).default([]),
  })
  .superRefine((seed, ctx) => {
    const users = new Set(seed.users.map((u) => u.userName));
    const groups = new Set(seed.groups.map((g) => g.displayName));
    const sets = new Set(seed.permissionSets.map((p) => p.name));
    const accounts = new Set(seed.accounts.map((a) => a.id));
    const problem = (message: string, path: (string | number)[]) =>
      ctx.addIssue({ code: 'custom', message, path });
    seed.groups.forEach((group, g) => {
      group.members.forEach((member, m) => {
        if (!users.has(member)) problem(`unknown user ${member}`, ['groups', g, 'members', m]);
      });
    });
    seed.assignments.forEach((a, i) => {
      if (a.user !== undefined && !users.has(a.user)) problem(`unknown user ${a.user}`, ['assignments', i]);
      if (a.group !== undefined && !groups.has(a.group))
        problem(`unknown group ${a.group}`, ['assignments', i]);
      if (!sets.has(a.permissionSet))
        problem(`unknown permission set ${a.permissionSet}`, ['assignments', i]);
      if (!accounts.has(a.account)) problem(`unknown account ${a.account}`, ['assignments', i]);
    });
  });

/** What a caller may write (defaults optional). */
export type IdentityCenterSeed = z.input<typeof identityCenterSeedSchema>;
/** The seed once validated, defaults applied. */
export type ParsedSeed = z.output<typeof identityCenterSeedSchema>;

export function parseSeed(value: unknown): ParsedSeed {
  return identityCenterSeedSchema.parse(value);
}

const orgFileSchema = z.object({ identityCenter: z.unknown() });

/** Reads an org file and validates its `identityCenter:` section. */
export async function loadSeedFromOrgFile(path: string): Promise<ParsedSeed> {
  const document: unknown = parse(await readFile(path, 'utf8'));
  return parseSeed(orgFileSchema.parse(document).identityCenter);
}

export function isoDurationSeconds(value: string): number {
  const match = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(value);
  if (!match) return Number.NaN;
  const [, h = '0', m = '0', s = '0'] = match;
  return Number(h) * 3600 + Number(m) * 60 + Number(s);
}
