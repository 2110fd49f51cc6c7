// The Home tab: published when a person opens it, and its buttons. Approve and Deny there are the request
// message's own buttons (decision-buttons.ts); these are the rest: Request access and Extend open a form,
// Revoke and Cancel act at once. A refusal reaches the person as a direct message, since a Home tab has no
// place for an ephemeral answer.

import type {
  AllMiddlewareArgs,
  App,
  BlockButtonAction,
  SlackActionMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { parseDuration } from '../../core/duration.js';
import { cancelRequest } from '../../service/decisions.js';
import { extendGrant } from '../../service/extensions.js';
import { requestableBy } from '../../service/requests.js';
import { requestRevocation } from '../../service/revoker.js';
import { guarded, type Where } from '../boundary.js';
import { boundaryOf, type SlackContext } from '../context.js';
import { HOME_ACTION } from '../home.js';
import { metadataOf } from '../metadata.js';
import { requestView } from '../modal.js';
import { tellDirectly } from '../tell.js';

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

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
type OpenedArgs = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;

/** Opening the Home tab asks nothing of the person: a failure is only logged. */
const onOpened: Where<OpenedArgs> = { context: ({ event }) => ({ event: event.type, user: event.user }) };

/** A Home tab has no place for an ephemeral answer: refusals and faults reach the person directly. */
const onHome: Where<ButtonArgs> = {
  answer:
    ({ client, body }) =>
    (text) =>
      tellDirectly(client, body.user.id, text),
  context: ({ body, action }) => ({ action: action.action_id, grantId: action.value, user: body.user.id }),
};

/** The extend form, opened from the Home tab (no channel), is closed once submitted: the person hears directly. */
const onExtendForm: Where<ViewArgs> = {
  answer:
    ({ client, body }) =>
    (text) =>
      tellDirectly(client, body.user.id, text),
  context: ({ body }) => ({ view: EXTEND_VIEW, user: body.user.id }),
};

export function register(app: App, ctx: SlackContext): void {
  const boundary = boundaryOf(ctx);
  app.event(
    'app_home_opened',
    guarded(boundary, onOpened, async ({ event }) => {
      if (event.tab !== 'home') return;
      await ctx.homes.opened(event.user);
    }),
  );

  const act = (actionId: string, work: (grantId: string, userId: string) => Promise<unknown>) =>
    app.action<BlockButtonAction>(
      actionId,
      guarded(boundary, onHome, async ({ ack, body, action }) => {
        await ack();
        const grantId = action.value ?? '';
        await ctx.work.run(() => work(grantId, body.user.id));
      }),
    );

  act(HOME_ACTION.revoke, (grantId, userId) => requestRevocation(ctx.service, grantId, userId));
  act(HOME_ACTION.cancel, (grantId, userId) => cancelRequest(ctx.service, grantId, userId));

  // The forms open at once, not queued behind other work: a trigger id expires 3 s after the click.
  app.action<BlockButtonAction>(
    HOME_ACTION.request,
    guarded(boundary, onHome, async ({ ack, body, client }) => {
      await ack();
      const entitlements = await requestableBy(ctx.service, body.user.id);
      if (entitlements.length === 0) {
        await tellDirectly(client, body.user.id, ':information_source: There is nothing you may request.');
        return;
      }
      await client.views.open({ trigger_id: body.trigger_id, view: requestView(entitlements, undefined) });
    }),
  );

  app.action<BlockButtonAction>(
    HOME_ACTION.extend,
    guarded(boundary, onHome, async ({ ack, body, action, client }) => {
      await ack();
      await client.views.open({ trigger_id: body.trigger_id, view: extendView(action.value ?? '') });
    }),
  );

  app.view(
    EXTEND_VIEW,
    guarded(boundary, onExtendForm, async ({ ack, body, view }) => {
      const user = body.user.id;
      const values = view.state.values;
      const duration = (values.duration?.value?.value ?? '').trim();
      const meta = metadataOf(view.private_metadata, z.object({ grantId: z.string().min(1) }));
      if (!meta) return ack();
      if (parseDuration(duration) === undefined) {
        return ack({
          response_action: 'errors',
          errors: { duration: `“${duration}” is not a duration. Write it like 30m or 2h.` },
        });
      }
      await ack();
      await ctx.work.run(() => extendGrant(ctx.service, meta.grantId, user, duration));
    }),
  );
}
