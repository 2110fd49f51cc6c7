// What the page's buttons do: each /ui/* request acts as the chosen person through the simulator's
// sender, exactly as a test would, so the bot sees the same signed deliveries Slack sends. The one
// piece of Slack's client behaviour added here is showing a slash command's immediate answer.

import type { z } from 'zod';
import { SlackApiError } from '../errors.js';
import type { Sender } from '../sender.js';
import type { Delivery } from '../transport.js';
import type { Json } from '../types.js';
import type { Workspace } from '../workspace.js';
import type { clickBody, commandBody, reactBody, submitBody, suggestBody } from './ui-bodies.js';
import { DM_KEY } from './ui-model.js';

/** Slack's client escapes what a person types, so `<` and `&` stay text in the message. */
const escapeTyped = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export type ActionResult = { status: number; body: Record<string, unknown> };

const ok = (extra: Record<string, unknown> = {}): ActionResult => ({
  status: 200,
  body: { ok: true, ...extra },
});
const fail = (status: number, error: string): ActionResult => ({ status, body: { ok: false, error } });

/** Slack's words when an app does not answer well. */
function deliveryProblem(delivery: Delivery, what: string): ActionResult | undefined {
  if (delivery.status !== 200) return fail(502, `${what} failed: the app answered HTTP ${delivery.status}`);
  if (delivery.ms > 3000) return fail(504, `${what} failed with the error "operation_timeout"`);
  return undefined;
}

export class UiActions {
  constructor(
    private readonly workspace: Workspace,
    private readonly sender: Sender,
  ) {}

  private channelId(as: string, key: string): string {
    if (key === DM_KEY) return this.workspace.openDm(as).channel.id;
    return this.workspace.requireChannel(key).id;
  }

  async command(input: z.infer<typeof commandBody>): Promise<ActionResult> {
    const channel = this.channelId(input.as, input.channel);
    const text = input.text.trim();
    if (!text.startsWith('/')) {
      // A person's own message: shown in the channel, as Slack's client escapes it. The bot does not listen.
      this.workspace.postMessage({ channel, user: input.as, text: escapeTyped(text) });
      return ok();
    }
    const [command = '', ...rest] = text.split(/\s+/);
    const { delivery } = await this.sender.runSlashCommand(input.as, channel, rest.join(' '), { command });
    const problem = deliveryProblem(delivery, command);
    if (problem) return problem;
    this.showCommandAnswer(input.as, channel, delivery);
    return ok();
  }

  /** Slack shows a slash command's response body: in the channel when asked, else to the person alone. */
  private showCommandAnswer(user: string, channel: string, delivery: Delivery): void {
    if (delivery.body.trim() === '') return;
    const json = delivery.json;
    if (typeof json !== 'object' || json === null) {
      this.workspace.postEphemeral({ channel, user, text: delivery.body });
      return;
    }
    const answer = json as { text?: unknown; blocks?: unknown; response_type?: unknown };
    const text = typeof answer.text === 'string' ? answer.text : '';
    const blocks = Array.isArray(answer.blocks) ? (answer.blocks as Json[]) : undefined;
    if (!text && !blocks) return;
    if (answer.response_type === 'in_channel') {
      this.workspace.postMessage({ channel, text, ...(blocks ? { blocks } : {}) });
    } else {
      this.workspace.postEphemeral({ channel, user, text, ...(blocks ? { blocks } : {}) });
    }
  }

  async click(input: z.infer<typeof clickBody>): Promise<ActionResult> {
    const value = input.value === undefined ? {} : { value: input.value };
    if (input.inHome) {
      const { delivery } = await this.sender.clickHomeButton(input.as, input.actionId, value);
      return deliveryProblem(delivery, 'The button') ?? ok();
    }
    if (input.inView) {
      const { delivery } = await this.sender.clickViewButton(input.as, input.actionId, value);
      return deliveryProblem(delivery, 'The button') ?? ok();
    }
    if (!input.channel || !input.ts) return fail(400, 'a message button needs channel and ts');
    const channel = this.channelId(input.as, input.channel);
    const { delivery } = await this.sender.clickButton(input.as, channel, input.ts, input.actionId, value);
    return deliveryProblem(delivery, 'The button') ?? ok();
  }

  async react(input: z.infer<typeof reactBody>): Promise<ActionResult> {
    const channel = this.channelId(input.as, input.channel);
    try {
      const delivery = input.remove
        ? await this.sender.removeReaction(input.as, channel, input.ts, input.name)
        : await this.sender.addReaction(input.as, channel, input.ts, input.name);
      return deliveryProblem(delivery, 'The reaction') ?? ok();
    } catch (error) {
      if (error instanceof SlackApiError) return fail(409, error.code);
      throw error;
    }
  }

  async submit(input: z.infer<typeof submitBody>): Promise<ActionResult> {
    if (!this.workspace.openView(input.as)) return fail(409, 'no modal is open');
    let result: Awaited<ReturnType<Sender['submitView']>>;
    try {
      result = await this.sender.submitView(input.as, input.values);
    } catch (error) {
      // The sender refuses what Slack's client would refuse: a required input left empty.
      return fail(400, error instanceof Error ? error.message : String(error));
    }
    if (result.outcome.action === 'failed')
      return fail(502, `The app did not accept the form: ${result.outcome.reason}`);
    return ok({ outcome: result.outcome });
  }

  /** Opening the Home tab: Slack tells the app (app_home_opened), which publishes the view. */
  async home(as: string): Promise<ActionResult> {
    const delivery = await this.sender.openHome(as);
    return deliveryProblem(delivery, 'The Home tab') ?? ok();
  }

  async close(as: string): Promise<ActionResult> {
    await this.sender.closeView(as);
    return ok();
  }

  async suggest(input: z.infer<typeof suggestBody>): Promise<ActionResult> {
    const answer = await this.sender.typeInExternalSelect(input.as, input.actionId, input.typed);
    const problem = deliveryProblem(answer.delivery, 'The search');
    if (problem) return problem;
    const grouped = answer.optionGroups.flatMap((g) =>
      typeof g === 'object' && g !== null && !Array.isArray(g) && Array.isArray(g.options) ? g.options : [],
    );
    const options = [...answer.options, ...grouped].flatMap((o) => {
      if (typeof o !== 'object' || o === null || Array.isArray(o)) return [];
      const text =
        typeof o.text === 'object' && o.text !== null && !Array.isArray(o.text) ? o.text.text : o.value;
      return typeof o.value === 'string' ? [{ value: o.value, text: String(text ?? o.value) }] : [];
    });
    return ok({ options });
  }
}
