// What the page's buttons do: each POST /ui/<action> body is checked against its schema, then acts as
// the chosen person (`as`, who must be in the workspace) through the simulator's sender, exactly as a
// test would, so the bot sees the same signed deliveries Slack sends.

import { z } from 'zod';
import { escapeText } from '../../../slack/escape.js';
import type { Sender } from '../sender.js';
import { type Delivery, SLACK_ACK_DEADLINE_MS } from '../transport.js';
import type { Workspace } from '../workspace.js';
import { DM_KEY } from './ui-state.js';

export type ActionResult = { status: number; body: Record<string, unknown> };

const ok = (extra: Record<string, unknown> = {}): ActionResult => ({
  status: 200,
  body: { ok: true, ...extra },
});
export const fail = (status: number, error: string): ActionResult => ({ status, body: { ok: false, error } });

/** Slack's words when an app does not answer well. */
function deliveryProblem(delivery: Delivery, what: string): ActionResult | undefined {
  if (delivery.status !== 200) return fail(502, `${what} failed: the app answered HTTP ${delivery.status}`);
  if (delivery.ms > SLACK_ACK_DEADLINE_MS)
    return fail(504, `${what} failed with the error "operation_timeout"`);
  return undefined;
}

const person = z.string().regex(/^[UW][A-Z0-9]+$/);
/** A channel id, or `dm` for the person's DM with the bot. */
const channel = z.string().min(1);

export function uiActions(workspace: Workspace, sender: Sender) {
  const action =
    <S extends z.ZodType<{ as: string }>>(body: S, run: (input: z.infer<S>) => Promise<ActionResult>) =>
    async (json: unknown): Promise<ActionResult> => {
      const input = body.safeParse(json);
      if (!input.success) return fail(400, 'invalid_arguments');
      if (!workspace.user(input.data.as)) return fail(400, 'user_not_found');
      return run(input.data);
    };
  const channelId = (as: string, key: string) =>
    key === DM_KEY ? workspace.openDm(as).channel.id : workspace.requireChannel(key).id;

  return {
    command: action(
      z.object({ as: person, channel, text: z.string().min(1).max(4000) }),
      async ({ as, ...input }) => {
        const channel = channelId(as, input.channel);
        const text = input.text.trim();
        if (!text.startsWith('/')) {
          // A person's own message: shown in the channel, escaped as Slack's client does. The bot does not listen.
          workspace.postMessage({ channel, user: as, text: escapeText(text) });
          return ok();
        }
        const [command = '', ...rest] = text.split(/\s+/);
        const { delivery } = await sender.runSlashCommand(as, channel, rest.join(' '), { command });
        return deliveryProblem(delivery, command) ?? ok();
      },
    ),

    /** A button in a message, in the open modal (`inView`) or on the person's Home tab (`inHome`). */
    click: action(
      z.object({
        as: person,
        actionId: z.string().min(1),
        value: z.string().optional(),
        inView: z.boolean().optional(),
        inHome: z.boolean().optional(),
        channel: z.string().optional(),
        ts: z.string().optional(),
      }),
      async ({ as, actionId, ...input }) => {
        const value = input.value === undefined ? {} : { value: input.value };
        let clicked: Promise<{ delivery: Delivery }>;
        if (input.inHome) clicked = sender.clickHomeButton(as, actionId, value);
        else if (input.inView) clicked = sender.clickViewButton(as, actionId, value);
        else if (!input.channel || !input.ts) return fail(400, 'a message button needs channel and ts');
        else clicked = sender.clickButton(as, channelId(as, input.channel), input.ts, actionId, value);
        return deliveryProblem((await clicked).delivery, 'The button') ?? ok();
      },
    ),

    react: action(
      z.object({
        as: person,
        channel,
        ts: z.string().min(1),
        name: z.string().regex(/^[a-z0-9_+-]+$/),
        remove: z.boolean().optional(),
      }),
      async ({ as, ts, name, remove, ...input }) => {
        const channel = channelId(as, input.channel);
        const delivery = remove
          ? await sender.removeReaction(as, channel, ts, name)
          : await sender.addReaction(as, channel, ts, name);
        return deliveryProblem(delivery, 'The reaction') ?? ok();
      },
    ),

    submit: action(
      z.object({
        as: person,
        values: z.record(z.string(), z.union([z.string(), z.array(z.string()), z.null()])),
      }),
      async ({ as, values }) => {
        if (!workspace.openView(as)) return fail(409, 'no modal is open');
        let result: Awaited<ReturnType<Sender['submitView']>>;
        try {
          result = await sender.submitView(as, values);
        } catch (error) {
          // The sender refuses what Slack's client would refuse: a required input left empty.
          return fail(400, error instanceof Error ? error.message : String(error));
        }
        if (result.outcome.action === 'failed')
          return fail(502, `The app did not accept the form: ${result.outcome.reason}`);
        return ok({ outcome: result.outcome });
      },
    ),

    close: action(z.object({ as: person }), async ({ as }) => {
      await sender.closeView(as);
      return ok();
    }),

    /** Opening the Home tab: Slack tells the app (app_home_opened), which publishes the view. */
    home: action(
      z.object({ as: person }),
      async ({ as }) => deliveryProblem(await sender.openHome(as), 'The Home tab') ?? ok(),
    ),

    /** The person types in an external select: the app's options, groups flattened. */
    suggest: action(
      z.object({ as: person, actionId: z.string().min(1), typed: z.string().max(200) }),
      async ({ as, actionId, typed }) => {
        const answer = await sender.typeInExternalSelect(as, actionId, typed);
        const problem = deliveryProblem(answer.delivery, 'The search');
        if (problem) return problem;
        const option = z.object({
          value: z.string(),
          text: z.object({ text: z.string() }).optional().catch(undefined),
        });
        const group = z.object({ options: z.array(z.unknown()) });
        const grouped = answer.optionGroups.flatMap((g) => group.safeParse(g).data?.options ?? []);
        const options = [...answer.options, ...grouped].flatMap((o) => {
          const parsed = option.safeParse(o).data;
          return parsed ? [{ value: parsed.value, text: parsed.text?.text ?? parsed.value }] : [];
        });
        return ok({ options });
      },
    ),
  };
}
