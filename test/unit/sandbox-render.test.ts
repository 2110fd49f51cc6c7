// The sandbox page's renderers: Slack mrkdwn and Block Kit to HTML. Text from people must stay text,
// whatever it contains, and every element Latchkey's own messages and form use must come out drawn.

import { describe, expect, it } from 'vitest';
import { blocksTemplate, messageBodyTemplate } from '../../src/sim/slack/web/block-kit-render.js';
import { identityCenterTemplate } from '../../src/sim/slack/web/client/render-identity-center.js';
import { identityCenterView } from '../../src/sim/slack/web/identity-center-view.js';
import { type MrkdwnContext, mrkdwnToHtml, plainTextToHtml } from '../../src/sim/slack/web/mrkdwn.js';
import { formatSlackDate } from '../../src/sim/slack/web/slack-date.js';
import { modalTemplate } from '../../src/sim/slack/web/view-render.js';
import { requestMessage } from '../../src/slack/messages.js';
import { requestView } from '../../src/slack/modal.js';
import { entitlement } from '../support/entitlements.js';
import { approved, requested, T0 } from '../support/grants.js';
import { templateHtml } from '../support/template-html.js';

const blocksHtml = (...args: Parameters<typeof blocksTemplate>) => templateHtml(blocksTemplate(...args));
const messageBodyHtml = (...args: Parameters<typeof messageBodyTemplate>) =>
  templateHtml(messageBodyTemplate(...args));
const identityCenterHtml = (...args: Parameters<typeof identityCenterTemplate>) =>
  templateHtml(identityCenterTemplate(...args));
const viewHtml = (...args: Parameters<typeof modalTemplate>) => templateHtml(modalTemplate(...args));

const ctx: MrkdwnContext = {
  me: 'U0BOB',
  userName: (id) => ({ U0ALICE: 'Alice Ng', U0BOB: 'Bob Reyes' })[id],
  groupHandle: (id) => (id === 'S0SRELEADS' ? 'sre-leads' : undefined),
  channelName: (id) => (id === 'C0APPROVALS' ? 'access-requests' : undefined),
  now: () => new Date(T0),
};
const md = (text: string) => mrkdwnToHtml(text, ctx);
/** What a browser shows for the HTML: tags dropped, entities decoded. */
const shown = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
/** The tags in the HTML, to prove nothing but the renderer's own markup is there. */
const tags = (html: string) => [...html.matchAll(/<([a-z0-9]+)/g)].map((m) => m[1]);
const OWN_TAGS = new Set(['strong', 'em', 's', 'code', 'pre', 'span', 'a', 'time', 'br', 'blockquote']);

describe('mrkdwn', () => {
  it('formats bold, italic, strike, code and code blocks', () => {
    expect(md('*bold* _italic_ ~gone~ `a<b`')).toBe(
      '<strong>bold</strong> <em>italic</em> <s>gone</s> <code>a&lt;b</code>',
    );
    expect(md('```\nline *1*\n<@U0ALICE>\n```')).toBe(
      '<pre class="code-block">line *1*\n&lt;@U0ALICE&gt;</pre>',
    );
    expect(md('snake_case_name and 2*3*4')).toBe('snake_case_name and 2*3*4');
    expect(md('one\ntwo')).toBe('one<br>two');
  });

  it('formats across mentions and code inside bold, as the request message does', () => {
    const html = md('*<@U0ALICE> asks for `prod-read`* for 2 minutes');
    expect(html).toBe(
      '<strong><span class="mention mention-user">@Alice Ng</span> asks for <code>prod-read</code></strong> for 2 minutes',
    );
  });

  it('shows mentions, user groups, channels and special mentions by name', () => {
    expect(shown(md('<@U0ALICE> <@U0BOB> <@U0NOBODY> <@U0X|xavier>'))).toBe(
      '@Alice Ng @Bob Reyes @U0NOBODY @xavier',
    );
    expect(md('<@U0BOB>')).toContain('mention-me');
    expect(shown(md('<!subteam^S0SRELEADS> <!subteam^S0OTHER|@others> <#C0APPROVALS> <#C0X|ops>'))).toBe(
      '@sre-leads @others #access-requests #ops',
    );
    expect(md('<!here>')).toContain('mention-special');
  });

  it('makes anchors of web links only', () => {
    expect(md('<https://example.com/start?a=1&amp;b=2|the portal>')).toBe(
      '<a href="https://example.com/start?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">the portal</a>',
    );
    expect(md('<mailto:a@example.com>')).toContain('>a@example.com</a>');
    const evil = md('<javascript:alert(1)|click me>');
    expect(evil).not.toContain('<a');
    expect(shown(evil)).toBe('<javascript:alert(1)|click me>');
  });

  it('shows a date token as a readable local time, or its fallback when the format is unknown', () => {
    const unix = Math.floor(T0 / 1000) + 3600;
    const html = md(`until <!date^${unix}^{date_short_pretty} {time}|2025-01-06 10:00 UTC>`);
    const local = new Date(unix * 1000).toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
    expect(shown(html)).toBe(`until today ${local}`);
    expect(html).toContain('title="2025-01-06 10:00 UTC"');
    expect(formatSlackDate(unix, '{nonsense}', 'fallback')).toBe('fallback');
  });

  it('says yesterday and tomorrow next to today, and the date further away', () => {
    const now = new Date(T0);
    const day = 86_400;
    const at = (days: number) => Math.floor(T0 / 1000) + days * day;
    expect(formatSlackDate(at(1), '{date_pretty}', 'x', now)).toBe('tomorrow');
    expect(formatSlackDate(at(-1), '{date_long_pretty}', 'x', now)).toBe('yesterday');
    const later = new Date(at(3) * 1000);
    expect(formatSlackDate(at(3), '{date_short_pretty}', 'x', now)).toBe(
      later.toLocaleDateString(undefined, { month: 'short', day: 'numeric', year: 'numeric' }),
    );
    expect(formatSlackDate(at(3), '{date_long_pretty}', 'x', now)).toBe(
      later.toLocaleDateString(undefined, {
        weekday: 'long',
        month: 'long',
        day: 'numeric',
        year: 'numeric',
      }),
    );
  });

  it('shows emoji codes as emoji and leaves unknown ones as typed', () => {
    expect(shown(md(':unlock: :white_check_mark: :x: :hourglass_flowing_sand: :no_such_emoji:'))).toBe(
      '🔓 ✅ ❌ ⏳ :no_such_emoji:',
    );
  });

  it('shows any standard emoji a person reacts or writes with, under Slack’s aliases too', () => {
    expect(shown(md(':slightly_smiling_face: :thumbsup: :+1: :100:'))).toBe('🙂 👍 👍 💯');
  });

  it('leaves a code named like an object property as typed', () => {
    expect(shown(md(':constructor: :__proto__: :hasownproperty:'))).toBe(
      ':constructor: :__proto__: :hasownproperty:',
    );
  });

  it('decodes Slack’s escapes into text and never into HTML', () => {
    const reason = '&lt;script&gt;alert(1)&lt;/script&gt; &lt;!channel&gt; &lt;@U0ALICE&gt; &amp;lt; *x*';
    const html = md(reason);
    expect(shown(html)).toBe('<script>alert(1)</script> <!channel> <@U0ALICE> &lt; x');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('mention');
    expect(tags(html).every((tag) => OWN_TAGS.has(tag ?? ''))).toBe(true);
  });

  it('escapes raw markup and quotes that reach it unescaped, and ignores planted placeholders', () => {
    const html = md(
      '<script>alert(1)</script> "quoted" \'single\' <img src=x onerror=alert(1)> \uE0000\uE001',
    );
    expect(html).not.toMatch(/<(script|img)/);
    expect(tags(html).every((tag) => OWN_TAGS.has(tag ?? ''))).toBe(true);
    expect(shown(html)).toContain('"quoted" \'single\'');
  });

  it('draws quotes', () => {
    expect(md('&gt; quoted\nnot')).toBe('<blockquote>quoted</blockquote>not');
  });

  it('keeps plain_text plain, with emoji', () => {
    expect(plainTextToHtml('*not bold* <b> :lock:')).toBe('*not bold* &lt;b&gt; 🔒');
    expect(plainTextToHtml(':lock:', false)).toBe(':lock:');
  });
});

describe('Block Kit', () => {
  it('draws section text and fields, context, actions with styled buttons, divider, header and image', () => {
    const html = blocksHtml(
      [
        { type: 'header', text: { type: 'plain_text', text: 'Access <request>' } },
        {
          type: 'section',
          text: { type: 'mrkdwn', text: '*Hi*' },
          fields: [{ type: 'mrkdwn', text: '`a`' }],
        },
        { type: 'divider' },
        { type: 'context', elements: [{ type: 'mrkdwn', text: ':zzz: later' }] },
        {
          type: 'actions',
          block_id: 'decide',
          elements: [
            {
              type: 'button',
              action_id: 'ok',
              style: 'primary',
              value: 'g"1',
              text: { type: 'plain_text', text: 'Approve' },
            },
            { type: 'button', action_id: 'no', style: 'danger', text: { type: 'plain_text', text: 'Deny' } },
            { type: 'button', action_id: 'plain', text: { type: 'plain_text', text: 'Later' } },
          ],
        },
        { type: 'image', image_url: 'javascript:alert(1)', alt_text: 'a chart' },
        { type: 'rich_video' },
      ],
      ctx,
    );
    expect(html).toContain('<div class="bk-header">Access &lt;request&gt;</div>');
    expect(html).toContain('<div class="bk-text"><strong>Hi</strong></div>');
    expect(html).toContain('<div class="bk-field"><code>a</code></div>');
    expect(html).toContain('<hr class="bk-divider">');
    expect(html).toContain(
      '<span class="bk-context-text"><span class="emoji" title=":zzz:">💤</span> later</span>',
    );
    expect(html).toContain(
      '<button type="button" class="bk-button bk-primary" data-action-id="ok" data-block-id="decide" data-value="g&quot;1">Approve</button>',
    );
    expect(html).toContain('class="bk-button bk-danger" data-action-id="no"');
    expect(html).toContain('class="bk-button" data-action-id="plain"');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('[unsupported block: rich_video]');
  });

  it('gives blocks without an id the id Slack reports for them', () => {
    const html = blocksHtml(
      [
        {
          type: 'actions',
          elements: [{ type: 'button', action_id: 'go', text: { type: 'plain_text', text: 'Go' } }],
        },
      ],
      ctx,
    );
    expect(html).toContain('data-block-id="sim-block-0"');
  });

  it('draws a message without blocks from its text', () => {
    expect(messageBodyHtml({ text: 'hello *there*' }, ctx)).toBe(
      '<div class="bk-text">hello <strong>there</strong></div>',
    );
  });

  it('draws Latchkey’s request message with a hostile reason as text', () => {
    const reason = 'checking logs <script>alert(1)</script> <!channel> <@U0BOB> & more';
    const grant = requested(entitlement(), { reason, durationSec: 120 });
    const message = requestMessage(grant, { entitlement: entitlement(), now: T0 });
    const html = messageBodyHtml(message, ctx);
    expect(shown(html)).toContain(reason);
    expect(html).not.toContain('<script');
    expect(html.match(/mention-special/g)).toBeNull();
    expect(html.match(/@Bob Reyes/g)).toBeNull();
    expect(shown(html)).toContain('@Alice Ng asks for');
    expect(html).toContain('class="bk-fields"');
    expect(html).toContain('class="bk-context"');
    expect(html).toMatch(/bk-primary" data-action-id="latchkey_approve"/);
    expect(html).toMatch(/bk-danger" data-action-id="latchkey_deny"/);
    expect(shown(html)).toContain('⏳ Waiting for approval');
    expect(shown(html)).not.toMatch(/<!date|:hourglass/);
    const active = requestMessage(approved(entitlement()), { entitlement: entitlement(), now: T0 });
    expect(messageBodyHtml(active, ctx)).not.toContain('latchkey_approve');
  });
});

describe('modal views', () => {
  const view = { id: 'V1', ...requestView([entitlement({ id: 'prod-read' })], 'C0APPROVALS') } as Parameters<
    typeof viewHtml
  >[0];

  it('draws Latchkey’s request form: title, inputs named block.action, hint, submit and cancel', () => {
    const html = viewHtml(view, ctx);
    expect(html).toContain('<h2 class="modal-title">Request AWS access</h2>');
    expect(html).toContain('<select class="field-control" name="entitlement.value" data-input>');
    expect(html).toContain('<option value="prod-read">');
    expect(html).toMatch(
      /<input type="text" class="field-control" name="duration.value" data-input value="[^"]+">/,
    );
    expect(html).toContain(
      '<textarea class="field-control" name="reason.value" data-input maxlength="1000" rows="3"></textarea>',
    );
    expect(html).toContain('class="field-hint"');
    expect(html).toContain('>Cancel</button>');
    expect(html).toContain('>Request</button>');
  });

  it('shows errors under their inputs, escaped', () => {
    const html = viewHtml({ ...view, errors: { duration: 'At most <b>8h</b>' } }, ctx);
    expect(html).toContain('<div class="field field-invalid" data-block-id="duration" data-required="true">');
    expect(html).toContain('<div class="field-error">At most &lt;b&gt;8h&lt;/b&gt;</div>');
  });

  it('draws an external select as a search with a hidden value', () => {
    const html = viewHtml(
      {
        id: 'V2',
        title: { type: 'plain_text', text: 'T' },
        submit: null,
        close: null,
        blocks: [
          {
            type: 'input',
            optional: true,
            label: { type: 'plain_text', text: 'What' },
            element: { type: 'external_select', action_id: 'pick', min_query_length: 0 },
          },
        ],
      },
      ctx,
    );
    expect(html).toContain('data-ext-action="pick" data-min-query="0"');
    expect(html).toContain('<input type="hidden" name="input-0.pick" data-input value="">');
    expect(html).toContain('(optional)');
    expect(html).not.toContain('modal-submit');
  });
});

describe('the Identity Center panel', () => {
  it('shows who the simulated PagerDuty has on call, escaped, when the sandbox adds it', () => {
    const view = identityCenterView({
      users: [],
      assignments: [],
      onCall: [{ schedule: 'Production <primary>', user: 'Alice Ng', end: null }],
    });
    const html = identityCenterHtml(view, new Set());
    expect(html).toContain('On call (PagerDuty, simulated)');
    expect(html).toContain('data-on-call="Alice Ng"');
    expect(html).toContain('Production &lt;primary&gt; · no end');
    expect(identityCenterHtml(identityCenterView({ users: [] }), new Set())).not.toContain('On call');
  });
});
