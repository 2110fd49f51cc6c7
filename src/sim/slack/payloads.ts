// The bodies Slack sends to an app's request URL, built from the workspace's state: slash commands,
// interactivity payloads (block_actions, view_submission, view_closed, block_suggestion) and Events API
// envelopes. Field names and nesting follow what Slack sends, so Bolt's own parsing is exercised.

import type { Json, SimView } from './types.js';
import type { Workspace } from './workspace.js';

export interface AppIdentity {
  appId: string;
  /** The legacy verification token; Slack still sends it in every payload. */
  verificationToken: string;
}

export function userRef(workspace: Workspace, userId: string) {
  const user = workspace.requireUser(userId);
  return { id: user.id, username: user.name, name: user.name, team_id: workspace.team.id };
}

function teamRef(workspace: Workspace) {
  return { id: workspace.team.id, domain: workspace.team.domain };
}

function channelRef(workspace: Workspace, channelId: string) {
  const channel = workspace.requireChannel(channelId);
  return { id: channel.id, name: channel.is_im ? 'directmessage' : channel.name };
}

export function slashCommand(
  workspace: Workspace,
  app: AppIdentity,
  input: {
    user: string;
    channel: string;
    command: string;
    text: string;
    responseUrl: string;
    triggerId: string;
  },
): Record<string, string> {
  const channel = channelRef(workspace, input.channel);
  return {
    token: app.verificationToken,
    team_id: workspace.team.id,
    team_domain: workspace.team.domain,
    channel_id: channel.id,
    channel_name: channel.name,
    user_id: input.user,
    user_name: workspace.requireUser(input.user).name,
    command: input.command,
    text: input.text,
    api_app_id: app.appId,
    is_enterprise_install: 'false',
    response_url: input.responseUrl,
    trigger_id: input.triggerId,
  };
}

export interface FoundElement {
  blockId: string;
  element: Record<string, Json>;
}

/** The interactive element with this action_id in a list of blocks (actions, accessories, inputs). */
export function findElement(
  blocks: Json[] | undefined,
  actionId: string,
  /** Of several elements with one action_id (a button per row), the one carrying this value. */
  value?: string,
): FoundElement | undefined {
  for (const [index, block] of (blocks ?? []).entries()) {
    if (typeof block !== 'object' || block === null || Array.isArray(block)) continue;
    const blockId = typeof block.block_id === 'string' ? block.block_id : `sim-block-${index}`;
    const candidates = [
      ...(Array.isArray(block.elements) ? block.elements : []),
      block.accessory,
      block.element,
    ];
    for (const element of candidates) {
      if (
        typeof element === 'object' &&
        element !== null &&
        !Array.isArray(element) &&
        element.action_id === actionId &&
        (value === undefined || element.value === value)
      ) {
        return { blockId, element };
      }
    }
  }
  return undefined;
}

export function actionOf(found: FoundElement, actionTs: string, value?: string): Record<string, Json> {
  const { element } = found;
  const type = typeof element.type === 'string' ? element.type : 'button';
  return {
    action_id: String(element.action_id),
    block_id: found.blockId,
    ...(element.text !== undefined ? { text: element.text } : {}),
    ...(value !== undefined || element.value !== undefined ? { value: value ?? element.value ?? null } : {}),
    ...(element.style !== undefined ? { style: element.style } : {}),
    type,
    action_ts: actionTs,
  };
}

export function messageBlockActions(
  workspace: Workspace,
  app: AppIdentity,
  input: {
    user: string;
    channel: string;
    /** The message as the Web API shows it; ignored for ephemeral messages. */
    message: Record<string, unknown> & { ts: string };
    isEphemeral: boolean;
    action: Record<string, Json>;
    responseUrl: string;
    triggerId: string;
  },
) {
  return {
    type: 'block_actions',
    user: userRef(workspace, input.user),
    api_app_id: app.appId,
    token: app.verificationToken,
    container: {
      type: 'message',
      message_ts: input.message.ts,
      channel_id: input.channel,
      is_ephemeral: input.isEphemeral,
    },
    trigger_id: input.triggerId,
    team: teamRef(workspace),
    enterprise: null,
    is_enterprise_install: false,
    channel: channelRef(workspace, input.channel),
    // Slack leaves the message out for ephemeral messages: it keeps no copy of them.
    ...(input.isEphemeral ? {} : { message: input.message }),
    state: { values: {} },
    response_url: input.responseUrl,
    actions: [input.action],
  };
}

export function viewBlockActions(
  workspace: Workspace,
  app: AppIdentity,
  input: { user: string; view: SimView; action: Record<string, Json>; triggerId: string },
) {
  return {
    type: 'block_actions',
    user: userRef(workspace, input.user),
    api_app_id: app.appId,
    token: app.verificationToken,
    container: { type: 'view', view_id: input.view.id },
    trigger_id: input.triggerId,
    team: teamRef(workspace),
    enterprise: null,
    is_enterprise_install: false,
    view: input.view,
    actions: [input.action],
  };
}

export function viewSubmission(
  workspace: Workspace,
  app: AppIdentity,
  input: { user: string; view: SimView; triggerId: string },
) {
  return {
    type: 'view_submission',
    team: teamRef(workspace),
    user: userRef(workspace, input.user),
    api_app_id: app.appId,
    token: app.verificationToken,
    trigger_id: input.triggerId,
    view: input.view,
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

export function viewClosed(workspace: Workspace, app: AppIdentity, input: { user: string; view: SimView }) {
  return {
    type: 'view_closed',
    team: teamRef(workspace),
    user: userRef(workspace, input.user),
    api_app_id: app.appId,
    token: app.verificationToken,
    view: input.view,
    is_cleared: false,
    is_enterprise_install: false,
    enterprise: null,
  };
}

export function blockSuggestion(
  workspace: Workspace,
  app: AppIdentity,
  input: { user: string; view: SimView; actionId: string; blockId: string; value: string },
) {
  return {
    type: 'block_suggestion',
    user: userRef(workspace, input.user),
    container: { type: 'view', view_id: input.view.id },
    api_app_id: app.appId,
    token: app.verificationToken,
    action_id: input.actionId,
    block_id: input.blockId,
    value: input.value,
    team: teamRef(workspace),
    enterprise: null,
    is_enterprise_install: false,
    view: input.view,
  };
}

export function eventEnvelope(
  workspace: Workspace,
  app: AppIdentity,
  input: { event: Record<string, Json>; eventId: string; eventTime: number },
) {
  return {
    token: app.verificationToken,
    team_id: workspace.team.id,
    context_team_id: workspace.team.id,
    context_enterprise_id: null,
    api_app_id: app.appId,
    event: input.event,
    type: 'event_callback',
    event_id: input.eventId,
    event_time: input.eventTime,
    authorizations: [
      {
        enterprise_id: null,
        team_id: workspace.team.id,
        user_id: workspace.bot.userId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${input.eventId}`,
  };
}
