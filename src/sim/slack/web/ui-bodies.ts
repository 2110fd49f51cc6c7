// The bodies the sandbox page posts to /ui/*, validated before anything reaches the sender. `as` is
// the person the page acts as; the routes check it names someone in the workspace.

import { z } from 'zod';

const person = z.string().regex(/^[UW][A-Z0-9]+$/);

export const commandBody = z.object({
  as: person,
  /** A channel id, or `dm` for the person's DM with the bot. */
  channel: z.string().min(1),
  text: z.string().min(1).max(4000),
});

export const clickBody = z.object({
  as: person,
  actionId: z.string().min(1),
  value: z.string().optional(),
  /** A button in the open modal rather than in a message. */
  inView: z.boolean().optional(),
  /** A button on the person's Home tab. */
  inHome: z.boolean().optional(),
  channel: z.string().optional(),
  ts: z.string().optional(),
});

export const reactBody = z.object({
  as: person,
  channel: z.string().min(1),
  ts: z.string().min(1),
  name: z.string().regex(/^[a-z0-9_+-]+$/),
  remove: z.boolean().optional(),
});

export const submitBody = z.object({
  as: person,
  values: z.record(z.string(), z.union([z.string(), z.array(z.string()), z.null()])),
});

export const closeBody = z.object({ as: person });

/** The person opens the app's Home tab. */
export const homeBody = z.object({ as: person });

export const suggestBody = z.object({
  as: person,
  actionId: z.string().min(1),
  typed: z.string().max(200),
});
