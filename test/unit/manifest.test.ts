import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';

// The fields Slack's app manifest schema requires, and the values Latchkey depends on.
const url = z.url().startsWith('https://');
const manifestSchema = z.object({
  display_information: z.object({
    name: z.string().min(1).max(35),
    description: z.string().max(140).optional(),
    long_description: z.string().min(175).max(4000).optional(),
    background_color: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/)
      .optional(),
  }),
  features: z.object({
    app_home: z
      .object({
        home_tab_enabled: z.boolean(),
        messages_tab_enabled: z.boolean().optional(),
        messages_tab_read_only_enabled: z.boolean().optional(),
      })
      .optional(),
    bot_user: z.object({ display_name: z.string().min(1).max(80), always_online: z.boolean().optional() }),
    slash_commands: z
      .array(
        z.object({
          command: z.string().regex(/^\/[a-z0-9_-]{1,31}$/),
          description: z.string().min(1).max(2000),
          url: url.optional(),
          usage_hint: z.string().max(1000).optional(),
          should_escape: z.boolean().optional(),
        }),
      )
      .max(50),
  }),
  oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()).min(1) }) }),
  settings: z.object({
    event_subscriptions: z.object({ request_url: url.optional(), bot_events: z.array(z.string()).max(100) }),
    interactivity: z.object({
      is_enabled: z.boolean(),
      request_url: url.optional(),
      message_menu_options_url: url.optional(),
    }),
    socket_mode_enabled: z.boolean(),
    org_deploy_enabled: z.boolean().optional(),
    token_rotation_enabled: z.boolean().optional(),
  }),
});

async function manifest() {
  return manifestSchema.parse(parse(await readFile(new URL('../../manifest.yml', import.meta.url), 'utf8')));
}

describe('Slack app manifest', () => {
  it('has every field the manifest schema requires, in range', async () => {
    await expect(manifest()).resolves.toBeDefined();
  });

  it('declares /access, the bot scopes the bot calls need, the reaction events and the Home tab', async () => {
    const m = await manifest();

    expect(m.features.slash_commands.map((c) => c.command)).toEqual(['/access']);
    expect(m.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining([
        'commands',
        'chat:write',
        'reactions:read',
        'users:read',
        'users:read.email',
        'usergroups:read',
        'im:write',
      ]),
    );
    expect(m.settings.event_subscriptions.bot_events.sort()).toEqual([
      'app_home_opened',
      'reaction_added',
      'reaction_removed',
    ]);
    expect(m.settings.interactivity.is_enabled).toBe(true);
    expect(m.features.app_home?.home_tab_enabled).toBe(true);
  });

  it('sends commands, interactions, options and events to the one path Bolt listens on', async () => {
    const m = await manifest();
    const urls = [
      ...m.features.slash_commands.map((c) => c.url),
      m.settings.event_subscriptions.request_url,
      m.settings.interactivity.request_url,
      m.settings.interactivity.message_menu_options_url,
    ];

    for (const u of urls) expect(new URL(u ?? '').pathname).toBe('/slack/events');
  });
});
