// The seed of the simulated PagerDuty account: the `pagerduty:` section of an organisation file such as
// examples/sandbox/org.yml. On-call shifts are written relative to when the simulator starts, so the
// sandbox always has someone on call.

import { z } from 'zod';
import { parseDuration } from '../../core/duration.js';

const id = z.string().regex(/^P[A-Z0-9]+$/, 'a PagerDuty id looks like PABC123');
const duration = z.string().transform((text, ctx) => {
  const seconds = parseDuration(text);
  if (seconds === undefined) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration` });
    return z.NEVER;
  }
  return seconds;
});

export const pagerDutySeedSchema = z.object({
  users: z.array(z.object({ id, name: z.string().min(1), email: z.email() })).default([]),
  schedules: z.array(z.object({ id, name: z.string().min(1) })).default([]),
  oncalls: z
    .array(
      z.object({
        schedule: id,
        user: id,
        /** How long before the simulator's start the shift began. */
        startedAgo: duration.default(3600),
        /** How long after the simulator's start the shift ends; absent: it never ends. */
        endsIn: duration.optional(),
        escalationLevel: z.int().min(1).default(1),
      }),
    )
    .default([]),
});

export type PagerDutySeed = z.input<typeof pagerDutySeedSchema>;

/** The `pagerduty:` section of a parsed organisation file (an empty account when there is none). */
export function pagerDutySeedOf(org: unknown): z.output<typeof pagerDutySeedSchema> {
  const section = (org as { pagerduty?: unknown } | null)?.pagerduty ?? {};
  return pagerDutySeedSchema.parse(section);
}
