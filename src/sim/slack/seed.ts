// The seed of a simulated Slack workspace: the `slack:` section of an organisation file such as
// examples/sandbox/org.yml. Parsed with zod because it comes from a file a person edits by hand.

import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const seedUser = z.object({
  id: z.string().regex(/^[UW][A-Z0-9]+$/, 'a Slack user id starts with U or W'),
  name: z.string().min(1),
  realName: z.string().min(1),
  email: z.email(),
  title: z.string().default(''),
  // A multi-channel guest (is_restricted); a single-channel guest is also is_ultra_restricted.
  guest: z.boolean().default(false),
  singleChannelGuest: z.boolean().default(false),
  deleted: z.boolean().default(false),
  isBot: z.boolean().default(false),
  tz: z.string().default('Europe/London'),
});

const seedUsergroup = z.object({
  id: z.string().regex(/^S[A-Z0-9]+$/, 'a Slack user group id starts with S'),
  handle: z.string().min(1),
  name: z.string().optional(),
  users: z.array(z.string()).default([]),
});

const seedChannel = z.object({
  id: z.string().regex(/^[CG][A-Z0-9]+$/, 'a Slack channel id starts with C or G'),
  name: z.string().min(1),
  isPrivate: z.boolean().default(false),
  // Posting into a channel the bot has not joined fails with not_in_channel, as on Slack.
  botIsMember: z.boolean().default(true),
});

export const slackSeedSchema = z
  .object({
    teamId: z.string().regex(/^T[A-Z0-9]+$/, 'a Slack team id starts with T'),
    teamDomain: z.string().min(1),
    teamName: z.string().optional(),
    botUserId: z.string().regex(/^[UW][A-Z0-9]+$/),
    botId: z.string().regex(/^B[A-Z0-9]+$/),
    botName: z.string().default('latchkey'),
    appId: z
      .string()
      .regex(/^A[A-Z0-9]+$/)
      .default('A0LATCHKEY'),
    users: z.array(seedUser),
    usergroups: z.array(seedUsergroup).default([]),
    channels: z.array(seedChannel).default([]),
  })
  .superRefine((seed, ctx) => {
    const userIds = new Set(seed.users.map((user) => user.id));
    for (const [index, group] of seed.usergroups.entries()) {
      for (const member of group.users) {
        if (!userIds.has(member)) {
          ctx.addIssue({
            code: 'custom',
            path: ['usergroups', index, 'users'],
            message: `user group @${group.handle} names unknown user ${member}`,
          });
        }
      }
    }
    const ids = [...seed.users.map((u) => u.id), ...seed.channels.map((c) => c.id), seed.botUserId];
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [], message: `id ${id} is used twice` });
      seen.add(id);
    }
  });

export type SlackSeed = z.infer<typeof slackSeedSchema>;
export type SlackSeedInput = z.input<typeof slackSeedSchema>;

const orgSchema = z.looseObject({ slack: z.unknown() });

/** Accepts a whole organisation document (with a `slack:` key) or the `slack:` section alone. */
export function parseSlackSeed(input: unknown): SlackSeed {
  const org = orgSchema.safeParse(input);
  const section = org.success ? org.data.slack : input;
  const parsed = slackSeedSchema.safeParse(section);
  if (!parsed.success) throw new Error(`Invalid Slack seed:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export async function loadSlackSeed(path: string): Promise<SlackSeed> {
  return parseSlackSeed(parseYaml(await readFile(path, 'utf8')));
}
