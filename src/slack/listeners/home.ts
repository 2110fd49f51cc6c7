// The Home tab: published when a person opens it, and its buttons. Approve and Deny there are the request
// message's own buttons (decision-buttons.ts); these are the rest: Request access and Extend open a form,
// Revoke and Cancel act at once. A refusal reaches the person as a direct message, since a Home tab has no
// place for an ephemeral answer.

import type { App, BlockButtonAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { parseDuration } from '../../core/duration.js';
import { cancelRequest } from '../../service/decisions.js';
import { extendGrant } from '../../service/extensions.js';
import { requestableBy } from '../../service/requests.js';
import { requestRevocation } from '../../service/revoker.js';
import type { SlackContext } from '../context.js';
import { HOME_ACTION } from '../home.js';
import { requestView } from '../modal.js';
import { errorText } from '../replies.js';

export const EXTEND_VIEW = 'latchkey_extend';

/** The small form Extend opens: how much longer. */
export function extendView(grantId: string): ModalView {
  return {
    type: 'modal',
    callback_id: EXTEND_VIEW,
    private_metadata: JSON.stringify({ grantId }),
    title: { type: 'plain_text', text: 'Extend access' },
    submit: { type: 'plain_text', text: 'Ask' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: 'duration',
        label: { type: 'plain_text', text: `More time for ${grantId}` },
        hint: { type: 'plain_text', text: 'Like 30m or 2h. Approved like the request was.' },
        element: { type: 'plain_text_input', action_id: 'value', initial_value: '30m' },
      },
    ],
  };
}

/** Tells one person something privately, outside any channel: the answer to a Home tab click. */
export async function tellDirectly(client: WebClient, userId: string, text: string): Promise<void> {
  const dm = await client.conversations.open({ users: userId });
  if (dm.channel?.id) await client.chat.postMessage({ channel: dm.channel.id, text });
}

export function register(app: App, ctx: SlackContext): void {
  app.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    await ctx.homes.opened(event.user);
  });

  const act = (actionId: string, work: (grantId: string, userId: string) => Promise<unknown>) =>
    app.action<BlockButtonAction>(actionId, async ({ ack, body, action, client }) => {
      await ack();
      const grantId = action.value ?? '';
      try {
        await ctx.work.run(() => work(grantId, body.user.id));
      } catch (error) {
        const text = errorText(error, ctx.log, { grantId, user: body.user.id });
        await tellDirectly(client, body.user.id, text).catch((e: unknown) =>
          ctx.log.error({ err: e }, 'could not answer a Home tab click'),
        );
      }
    });

  act(HOME_ACTION.revoke, (grantId, userId) => requestRevocation(ctx.service, grantId, userId));
  act(HOME_ACTION.cancel, (grantId, userId) => cancelRequest(ctx.service, grantId, userId));

  // The forms open at once, not queued behind other work: a trigger id expires 3 s after the click.
  app.action<BlockButtonAction>(HOME_ACTION.request, async ({ ack, body, client }) => {
    await ack();
    try {
      const entitlements = await requestableBy(ctx.service, body.user.id);
      if (entitlements.length === 0) {
        await tellDirectly(client, body.user.id, ':information_source: There is nothing you may request.');
        return;
      }
      await client.views.open({ trigger_id: body.trigger_id, view: requestView(entitlements, '') });
    } catch (error) {
      ctx.log.error({ err: error, user: body.user.id }, 'could not open the request form from Home');
    }
  });

  app.action<BlockButtonAction>(HOME_ACTION.extend, async ({ ack, body, action, client }) => {
    await ack();
    try {
      await client.views.open({ trigger_id: body.trigger_id, view: extendView(action.value ?? '') });
    } catch (error) {
      ctx.log.error({ err: error, user: body.user.id }, 'could not open the extend form');
    }
  });

  app.view(EXTEND_VIEW, async ({ ack, body, view, client }) => {
    const user = body.user.id;
    const values = view.state.values;
    const duration = (values.duration?.value?.value ?? '').trim();
    const meta = z.object({ grantId: z.string().min(1) }).safeParse(parseJson(view.private_metadata));
    if (!meta.success) return ack();
    if (parseDuration(duration) === undefined) {
      return ack({
        response_action: 'errors',
        errors: { duration: `“${duration}” is not a duration. Write it like 30m or 2h.` },
      });
    }
    await ack();
    try {
      await ctx.work.run(() => extendGrant(ctx.service, meta.data.grantId, user, duration));
    } catch (error) {
      await tellDirectly(client, user, errorText(error, ctx.log, { user })).catch((e: unknown) =>
        ctx.log.error({ err: e }, 'could not answer the extend form'),
      );
    }
  });
}

function parseJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return undefined;
  }
}
