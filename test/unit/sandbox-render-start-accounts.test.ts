import { describe, expect, it } from 'vitest';
import type { MrkdwnContext } from '../../src/sim/slack/web/mrkdwn.js';
import { modalTemplate } from '../../src/sim/slack/web/view-render.js';
import { requestView } from '../../src/slack/modal.js';
import { entitlement } from '../support/entitlements.js';
import { templateHtml } from '../support/template-html.js';

const viewHtml = (...args: Parameters<typeof modalTemplate>) => templateHtml(modalTemplate(...args));

const ctx: MrkdwnContext = {
  me: 'U0BOB',
  userName: () => undefined,
  groupHandle: () => undefined,
  channelName: () => undefined,
  now: () => new Date(0),
};

describe('modal views: a start and accounts on the sandbox page', () => {
  const several = entitlement({ id: 'workloads-read', accounts: { kind: 'ou', ouId: 'ou-ab12-cd34ef56' } });
  const view = {
    id: 'V1',
    ...requestView([entitlement({ id: 'prod-read' }), several], 'C0APPROVALS'),
  } as Parameters<typeof viewHtml>[0];

  it('draws the optional start as a local date-time field the page converts to a Unix time', () => {
    const html = viewHtml(view, ctx);

    expect(html).toContain(
      '<input type="datetime-local" class="field-control" name="start.value" data-input data-kind="datetime">',
    );
    expect(html).toContain('data-block-id="start" data-required="false"');
  });

  it('draws the accounts as a search the app answers', () => {
    const html = viewHtml(view, ctx);

    expect(html).toContain('data-ext-action="accounts"');
    expect(html).toContain('name="accounts.accounts"');
  });

  it('offers no accounts field when no entitlement is on several accounts', () => {
    const plain = {
      id: 'V2',
      ...requestView([entitlement({ id: 'prod-read' })], 'C0APPROVALS'),
    } as Parameters<typeof viewHtml>[0];

    expect(viewHtml(plain, ctx)).not.toContain('accounts.accounts');
  });
});
