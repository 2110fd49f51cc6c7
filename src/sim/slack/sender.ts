// Plays Slack towards the bot: signed slash commands, interactivity payloads and Events API deliveries,
// and the helpers that act as a person (type a command, click a button, submit a modal, react). Each
// returns the bot's answer and how long it took; the workspace changes as it would on Slack.

import { messageOut } from './api-chat.js';
import type { IdSource } from './ids.js';
import {
  type AppIdentity,
  actionOf,
  blockSuggestion,
  eventEnvelope,
  findElement,
  messageBlockActions,
  slashCommand,
  viewBlockActions,
  viewClosed,
  viewSubmission,
} from './payloads.js';
import type { ResponseUrls } from './response-url.js';
import {
  type Delivery,
  type DeliveryOptions,
  type SignedTransport,
  SLACK_ACK_DEADLINE_MS,
} from './transport.js';
import type { Triggers } from './triggers.js';
import type { Json } from './types.js';
import { buildViewState, type EnteredValues } from './view-state.js';
import { interpretSubmission, type SubmissionOutcome } from './view-submission.js';
import type { Workspace } from './workspace.js';

export interface Interaction {
  delivery: Delivery;
  triggerId: string;
  responseUrl?: string;
}

export interface SenderParts {
  workspace: Workspace;
  ids: IdSource;
  triggers: Triggers;
  responseUrls: ResponseUrls;
  transport: SignedTransport;
  app: AppIdentity;
}

export class Sender {
  private readonly events = new Map<string, string>();
  private readonly workspace: Workspace;

  constructor(private readonly parts: SenderParts) {
    this.workspace = parts.workspace;
  }

  // Low level: one delivery each, nothing else changes.

  deliverPayload(payload: unknown, options?: DeliveryOptions): Promise<Delivery> {
    return this.parts.transport.deliverPayload(payload, options);
  }

  deliverForm(fields: Record<string, string>, options?: DeliveryOptions): Promise<Delivery> {
    return this.parts.transport.deliverForm(fields, options);
  }

  /** Wraps an event in an event_callback envelope; the envelope is kept so it can be delivered again. */
  sendEvent(
    event: Record<string, Json>,
    options: DeliveryOptions & { eventId?: string } = {},
  ): Promise<Delivery> {
    const eventId = options.eventId ?? this.parts.ids.id('Ev');
    const envelope = eventEnvelope(this.workspace, this.parts.app, {
      event,
      eventId,
      eventTime: this.parts.ids.nowSec(),
    });
    const body = JSON.stringify(envelope);
    this.events.set(eventId, body);
    return this.parts.transport.deliver(body, 'application/json', options);
  }

  /** Delivers an earlier event again, byte for byte, with Slack's retry headers. */
  retryEvent(
    eventId: string,
    retry: Pick<DeliveryOptions, 'retryNum' | 'retryReason'> = {},
  ): Promise<Delivery> {
    const body = this.events.get(eventId);
    if (!body) throw new Error(`No event ${eventId} was sent`);
    const options = { retryNum: retry.retryNum ?? 1, retryReason: retry.retryReason ?? 'http_timeout' };
    return this.parts.transport.deliver(body, 'application/json', options);
  }

  /** The last event id sent, for tests that retry it. */
  lastEventId(): string | undefined {
    return [...this.events.keys()].at(-1);
  }

  urlVerification(challenge: string, options?: DeliveryOptions): Promise<Delivery> {
    const body = { token: this.parts.app.verificationToken, challenge, type: 'url_verification' };
    return this.parts.transport.deliverJson(body, options);
  }

  /** A trigger_id for a person, as an interaction would hand out, for opening a modal directly. */
  issueTriggerId(user: string): string {
    this.workspace.requireUser(user);
    return this.parts.triggers.issue(user);
  }

  // As a person.

  async runSlashCommand(
    user: string,
    channel: string,
    text: string,
    options: DeliveryOptions & { command?: string } = {},
  ): Promise<Interaction> {
    const channelId = this.workspace.requireChannel(channel).id;
    const triggerId = this.parts.triggers.issue(user);
    const responseUrl = this.parts.responseUrls.create({ channel: channelId, user });
    const fields = slashCommand(this.workspace, this.parts.app, {
      user,
      channel: channelId,
      command: options.command ?? '/access',
      text,
      responseUrl,
      triggerId,
    });
    const delivery = await this.deliverForm(fields, options);
    // Slack drops an answer that came after its three seconds, and says the command failed.
    if (delivery.ms <= SLACK_ACK_DEADLINE_MS)
      this.parts.responseUrls.showCommandAnswer(responseUrl, delivery);
    return { delivery, triggerId, responseUrl };
  }

  /** Clicks a button (or picks from an element) in a channel message or in one of the person's ephemerals. */
  async clickButton(
    user: string,
    channel: string,
    ts: string,
    actionId: string,
    options: DeliveryOptions & { value?: string } = {},
  ): Promise<Interaction> {
    const channelId = this.workspace.requireChannel(channel).id;
    const message = this.workspace.message(channelId, ts);
    const ephemeral = message
      ? undefined
      : this.workspace.ephemerals(user, channelId).find((e) => e.ts === ts);
    const shown = message ?? ephemeral;
    if (!shown) throw new Error(`${user} sees no message ${ts} in ${channelId}`);
    const found = findElement(shown.blocks, actionId);
    if (!found) throw new Error(`Message ${ts} has no element with action_id ${actionId}`);
    const triggerId = this.parts.triggers.issue(user);
    const responseUrl = this.parts.responseUrls.create({
      channel: channelId,
      user,
      messageTs: ts,
      fromEphemeral: !message,
    });
    const payload = messageBlockActions(this.workspace, this.parts.app, {
      user,
      channel: channelId,
      message: message ? messageOut(message, this.workspace) : { ...shown },
      isEphemeral: !message,
      action: actionOf(found, this.parts.ids.messageTs(), options.value),
      responseUrl,
      triggerId,
    });
    return { delivery: await this.deliverPayload(payload, options), triggerId, responseUrl };
  }

  /**
   * Opens the app's Home tab: Slack sends app_home_opened (with the Home view, once there is one) and
   * shows whatever the app published last.
   */
  openHome(user: string, options?: DeliveryOptions): Promise<Delivery> {
    this.workspace.requireUser(user);
    const dm = this.workspace.openDm(user).channel.id;
    const view = this.workspace.home(user);
    return this.sendEvent(
      {
        type: 'app_home_opened',
        user,
        channel: dm,
        tab: 'home',
        event_ts: this.parts.ids.messageTs(),
        ...(view ? { view: view as unknown as Json } : {}),
      },
      options,
    );
  }

  /**
   * Clicks a button on the person's Home tab. `value` picks one of several buttons sharing an action_id
   * (one per grant listed).
   */
  async clickHomeButton(
    user: string,
    actionId: string,
    options: DeliveryOptions & { value?: string } = {},
  ): Promise<Interaction> {
    const view = this.workspace.home(user);
    if (!view) throw new Error(`${user} has no Home tab published`);
    const found = findElement(view.blocks, actionId, options.value);
    if (!found)
      throw new Error(
        `${user}'s Home has no element ${actionId}${options.value ? ` = ${options.value}` : ''}`,
      );
    const triggerId = this.parts.triggers.issue(user);
    const action = actionOf(found, this.parts.ids.messageTs());
    const payload = viewBlockActions(this.workspace, this.parts.app, { user, view, action, triggerId });
    return { delivery: await this.deliverPayload(payload, options), triggerId };
  }

  /**
   * A click on a Home button the person saw earlier but that the Home no longer shows (a tab left open
   * while things changed): the app must judge the click on its merits, not on what it last published.
   */
  async clickStaleHomeButton(
    user: string,
    button: { actionId: string; value: string },
    options?: DeliveryOptions,
  ) {
    const view = this.workspace.home(user);
    if (!view) throw new Error(`${user} has no Home tab published`);
    const triggerId = this.parts.triggers.issue(user);
    const action = {
      action_id: button.actionId,
      block_id: `stale-${this.parts.ids.id('B')}`,
      type: 'button',
      value: button.value,
      action_ts: this.parts.ids.messageTs(),
    };
    const payload = viewBlockActions(this.workspace, this.parts.app, { user, view, action, triggerId });
    return { delivery: await this.deliverPayload(payload, options), triggerId };
  }

  /** Clicks a button in the modal the person has open. */
  async clickViewButton(user: string, actionId: string, options: DeliveryOptions & { value?: string } = {}) {
    const view = this.requireOpenView(user);
    const found = findElement(view.blocks, actionId);
    if (!found) throw new Error(`The open view has no element with action_id ${actionId}`);
    const triggerId = this.parts.triggers.issue(user);
    const action = actionOf(found, this.parts.ids.messageTs(), options.value);
    const payload = viewBlockActions(this.workspace, this.parts.app, { user, view, action, triggerId });
    return { delivery: await this.deliverPayload(payload, options), triggerId };
  }

  /** Fills in the open modal and presses its submit button; the modal then follows the app's answer. */
  async submitView(
    user: string,
    values: EnteredValues = {},
    options: DeliveryOptions = {},
  ): Promise<Interaction & { outcome: SubmissionOutcome }> {
    const view = this.requireOpenView(user);
    this.workspace.modals.setState(view.id, buildViewState(view.blocks, values));
    const submitted = this.requireOpenView(user);
    const triggerId = this.parts.triggers.issue(user);
    const payload = viewSubmission(this.workspace, this.parts.app, { user, view: submitted, triggerId });
    const delivery = await this.deliverPayload(payload, options);
    const outcome = interpretSubmission(this.workspace, user, submitted.id, delivery);
    return { delivery, triggerId, outcome };
  }

  /** Closes the open modal with its close button; the app hears of it only when it asked (notify_on_close). */
  async closeView(user: string, options: DeliveryOptions = {}): Promise<Delivery | undefined> {
    const view = this.workspace.modals.close(user);
    if (!view?.notify_on_close) return undefined;
    return this.deliverPayload(viewClosed(this.workspace, this.parts.app, { user, view }), options);
  }

  /** Types into an external select of the open modal; returns the options the app suggests. */
  async typeInExternalSelect(user: string, actionId: string, typed: string, options: DeliveryOptions = {}) {
    const view = this.requireOpenView(user);
    const found = findElement(view.blocks, actionId);
    if (!found) throw new Error(`The open view has no element with action_id ${actionId}`);
    const payload = blockSuggestion(this.workspace, this.parts.app, {
      user,
      view,
      actionId,
      blockId: found.blockId,
      value: typed,
    });
    const delivery = await this.deliverPayload(payload, options);
    const answer = delivery.json as { options?: Json[]; option_groups?: Json[] } | undefined;
    return { delivery, options: answer?.options ?? [], optionGroups: answer?.option_groups ?? [] };
  }

  /** Adds the reaction in the workspace, then tells the app with a reaction_added event. */
  addReaction(user: string, channel: string, ts: string, name: string, options?: DeliveryOptions) {
    const message = this.workspace.addReaction(channel, ts, user, name);
    return this.sendEvent(this.reactionEvent('reaction_added', user, message, name), options);
  }

  removeReaction(user: string, channel: string, ts: string, name: string, options?: DeliveryOptions) {
    const message = this.workspace.removeReaction(channel, ts, user, name);
    return this.sendEvent(this.reactionEvent('reaction_removed', user, message, name), options);
  }

  private reactionEvent(
    type: string,
    user: string,
    message: { channel: string; ts: string; user?: string },
    reaction: string,
  ): Record<string, Json> {
    return {
      type,
      user,
      reaction,
      ...(message.user ? { item_user: message.user } : {}),
      item: { type: 'message', channel: message.channel, ts: message.ts },
      event_ts: this.parts.ids.messageTs(),
    };
  }

  private requireOpenView(user: string) {
    const view = this.workspace.openView(user);
    if (!view) throw new Error(`${user} has no modal open`);
    return view;
  }
}
