// Who is on call, from PagerDuty: the user by email (`GET /users?query=`, matched exactly, ignoring case,
// since the query also matches names and parts of addresses), then that user's on-call entries now in the
// configured schedules (`GET /oncalls`). The whole question fits in a budget (2 s by default).

import { z } from 'zod';
import { OnCallUnavailable } from '../core/errors.js';
import type { OnCallEntry, OnCallLookup } from '../core/on-call.js';
import { type Clock, type OnCallSource, systemClock } from '../core/ports.js';
import { PagerDutyClient, type PagerDutyClientOptions, PagerDutyError } from './client.js';

/** Longer than this and the request waits for its approvers instead. */
export const ON_CALL_BUDGET_MS = 2000;

const userSchema = z.object({ id: z.string().min(1), name: z.string(), email: z.string() });

const instant = z
  .string()
  .nullable()
  .transform((text, ctx) => {
    if (text === null) return null;
    const ms = Date.parse(text);
    if (Number.isNaN(ms)) {
      ctx.addIssue({ code: 'custom', message: `not a time: ${text}` });
      return z.NEVER;
    }
    return ms;
  });

const onCallSchema = z.object({
  user: z.object({ id: z.string() }),
  // A permanent on-call through an escalation policy that names the user directly has no schedule.
  schedule: z.object({ id: z.string(), summary: z.string().optional() }).nullable().optional(),
  start: instant.optional().default(null),
  end: instant.optional().default(null),
});

export class PagerDutyOnCall implements OnCallSource {
  private readonly client: PagerDutyClient;
  private readonly clock: Clock;

  constructor(
    options: PagerDutyClientOptions,
    private readonly budgetMs = ON_CALL_BUDGET_MS,
  ) {
    this.client = new PagerDutyClient(options);
    this.clock = options.clock ?? systemClock;
  }

  async lookup(email: string, scheduleIds: readonly string[]): Promise<OnCallLookup> {
    const deadline = this.clock.now() + this.budgetMs;
    try {
      const users = z
        .array(userSchema)
        .parse(await this.client.list('/users', [['query', email]], 'users', deadline));
      const user = users.find((u) => u.email.toLowerCase() === email.toLowerCase());
      if (!user) return { user: undefined };
      const query: [string, string][] = [
        ...scheduleIds.map((id): [string, string] => ['schedule_ids[]', id]),
        ['user_ids[]', user.id],
      ];
      const oncalls = z
        .array(onCallSchema)
        .parse(await this.client.list('/oncalls', query, 'oncalls', deadline));
      const entries: OnCallEntry[] = oncalls
        .filter((o) => o.user.id === user.id && o.schedule)
        .map((o) => ({
          scheduleId: o.schedule!.id,
          ...(o.schedule!.summary && { scheduleName: o.schedule!.summary }),
          start: o.start,
          end: o.end,
        }));
      return { user, entries };
    } catch (error) {
      if (error instanceof PagerDutyError) throw new OnCallUnavailable(error.message, { cause: error });
      if (error instanceof z.ZodError) {
        throw new OnCallUnavailable('it answered with something Latchkey could not read', { cause: error });
      }
      throw error;
    }
  }
}
