// Opens the `/access` request form on the command's trigger. Slack accepts a trigger for three seconds
// after the command, and finding what the person may request asks Slack's directory (user groups), which
// may be slow: when the answer is not there within a moment, the form opens at once showing that it is
// loading, and its content follows with `views.update`, which needs no trigger.

import type { WebClient } from '@slack/web-api';
import type { Entitlement } from '../core/entitlement.js';
import { loadingView, noticeView, requestView } from './modal.js';

const NOTHING = ':information_source: There is nothing you may request.';

/** How long the form waits for its content before it opens with the loading view instead. */
export const LOADING_AFTER_MS = 500;

export interface OpenFormInput {
  client: WebClient;
  triggerId: string;
  /** Where the command was typed, remembered by the form. */
  channel: string;
  /** What the person may request, being found out. */
  entitlements: Promise<Entitlement[]>;
  /** Tells the person there is nothing they may request (when the form has not opened yet). */
  nothing: (text: string) => Promise<unknown>;
}

export async function openRequestForm(input: OpenFormInput): Promise<void> {
  const { client, triggerId } = input;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), LOADING_AFTER_MS);
  });
  // Settled either way, so a failure arrives below rather than unhandled while the form opens.
  const found = input.entitlements.then(
    (list) => ({ list }),
    (error: unknown) => ({ error }),
  );
  const first = await Promise.race([found, late]);
  clearTimeout(timer);

  if (first !== 'late') {
    if ('error' in first) throw first.error;
    if (first.list.length === 0) {
      await input.nothing(NOTHING);
      return;
    }
    await client.views.open({ trigger_id: triggerId, view: requestView(first.list, input.channel) });
    return;
  }

  const opened = await client.views.open({ trigger_id: triggerId, view: loadingView() });
  const result = await found;
  const viewId = opened.view?.id;
  if (!viewId) return;
  if ('error' in result) {
    // The form is open: it says that something went wrong rather than spinning on; the error itself is
    // answered where every error is.
    await client.views.update({
      view_id: viewId,
      view: noticeView(':warning: The form could not be prepared. Try again in a moment.'),
    });
    throw result.error;
  }
  const view = result.list.length === 0 ? noticeView(NOTHING) : requestView(result.list, input.channel);
  await client.views.update({
    view_id: viewId,
    ...(opened.view?.hash && { hash: opened.view.hash }),
    view: view,
  });
}
