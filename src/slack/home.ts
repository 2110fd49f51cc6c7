// The Home tab: each person's desk. What they hold (with Extend and Revoke), their requests waiting
// (Cancel), the requests waiting for their decision (Approve / Deny: the request message's own buttons,
// so a click goes down the same path), what ended lately, and Request access. Each list is cut to a few
// entries with a pointer to `/access list`, so the view stays far inside Slack's 100 blocks.

import type { Button, ContextBlock, HomeView, KnownBlock, SectionBlock } from '@slack/types';
import { formatDuration } from '../core/duration.js';
import type { Grant } from '../core/grant.js';
import type { Desk, ToDecide } from '../service/desk.js';
import { escapeText, truncate } from './escape.js';
import { accessText, mention, slackTime, timeLeft } from './format.js';
import { ACTION, buttonValue } from './messages.js';

export const HOME_ACTION = {
  request: 'latchkey_home_request',
  revoke: 'latchkey_home_revoke',
  extend: 'latchkey_home_extend',
  cancel: 'latchkey_home_cancel',
} as const;

/** Slack's limit for a Home view. */
export const HOME_MAX_BLOCKS = 100;
/** How many entries each list shows before pointing to `/access list`. */
export const HOME_LIMITS = { holding: 10, pending: 10, toDecide: 15 } as const;

const section = (text: string): SectionBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: truncate(text, 2900) },
});
const context = (text: string): ContextBlock => ({
  type: 'context',
  elements: [{ type: 'mrkdwn', text: truncate(text, 2900) }],
});
const button = (text: string, actionId: string, value: string, style?: Button['style']): Button => ({
  type: 'button',
  text: { type: 'plain_text', text },
  action_id: actionId,
  value,
  ...(style && { style }),
});

function heading(text: string): KnownBlock[] {
  return [{ type: 'divider' }, section(`*${text}*`)];
}

function more(shown: number, total: number, hint: string): KnownBlock[] {
  return total > shown ? [context(`…and ${total - shown} more: ${hint}`)] : [];
}

function holdingLine(grant: Grant, now: number): string {
  const what = `\`${grant.entitlementId}\` · ${accessText(grant)}`;
  switch (grant.state) {
    case 'active': {
      const end = grant.expiresAt ?? now;
      const extension =
        grant.extension?.state === 'pending'
          ? ` · extension by ${formatDuration(grant.extension.durationSec)} waiting for approval`
          : '';
      const onCall = grant.onCall ? ' · approved while on call' : '';
      return `:unlock: ${what}\nActive until ${slackTime(end)} (${timeLeft(end - now)})${extension}${onCall} · \`${grant.id}\``;
    }
    case 'revoking':
      return `:lock: ${what}\nBeing revoked · \`${grant.id}\``;
    case 'scheduled':
      return `:calendar: ${what}\nStarts ${slackTime(grant.startAt ?? now)}, for ${formatDuration(grant.durationSec)} · \`${grant.id}\``;
    default:
      return `:gear: ${what}\nBeing granted, for ${formatDuration(grant.durationSec)} · \`${grant.id}\``;
  }
}

function holdingBlocks(grant: Grant, now: number): KnownBlock[] {
  const blocks: KnownBlock[] = [section(holdingLine(grant, now))];
  const actions: Button[] = [];
  if (grant.state === 'active' && grant.extension?.state !== 'pending') {
    actions.push(button('Extend', HOME_ACTION.extend, grant.id));
  }
  // A scheduled grant holds nothing yet: revoking it cancels it before its start.
  if (grant.state === 'active' || grant.state === 'scheduled') {
    actions.push(button('Revoke', HOME_ACTION.revoke, grant.id, 'danger'));
  }
  if (actions.length > 0)
    blocks.push({ type: 'actions', block_id: `holding:${grant.id}`, elements: actions });
  return blocks;
}

function pendingBlock(grant: Grant): SectionBlock {
  return {
    type: 'section',
    block_id: `pending:${grant.id}`,
    text: {
      type: 'mrkdwn',
      text: truncate(
        `:hourglass_flowing_sand: \`${grant.entitlementId}\` for ${formatDuration(grant.durationSec)}${grant.startAt !== undefined ? `, from ${slackTime(grant.startAt)}` : ''} · ${grant.approvals.length} of ${grant.approvalsNeeded} approvals · open until ${slackTime(grant.approvalDeadline)} · \`${grant.id}\``,
        2900,
      ),
    },
    accessory: button('Cancel', HOME_ACTION.cancel, grant.id),
  };
}

function decideBlocks({ grant, purpose, approvedByMe }: ToDecide): KnownBlock[] {
  const ask =
    purpose === 'request'
      ? `${mention(grant.requester)} asks for \`${grant.entitlementId}\` (${accessText(grant)}) for ${formatDuration(grant.durationSec)}`
      : `${mention(grant.requester)} asks to extend \`${grant.id}\` (\`${grant.entitlementId}\`) by ${formatDuration(grant.extension?.durationSec ?? 0)}`;
  const approvals = purpose === 'request' ? grant.approvals : (grant.extension?.approvals ?? []);
  const tally = `${approvals.length} of ${grant.approvalsNeeded} approvals${approvedByMe ? ', yours included' : ''}`;
  const blocks: KnownBlock[] = [
    section(`${ask}\n>${escapeText(truncate(grant.reason, 500))}\n${tally} · \`${grant.id}\``),
  ];
  if (!approvedByMe) {
    // The request message's own buttons and values: a click here is the click there.
    const value = buttonValue(grant, purpose);
    blocks.push({
      type: 'actions',
      block_id: `decide:${grant.id}:${purpose}`,
      elements: [
        button('Approve', ACTION.approve, value, 'primary'),
        button('Deny', ACTION.deny, value, 'danger'),
      ],
    });
  }
  return blocks;
}

function endedLine(grant: Grant): string {
  const when = grant.endedAt ?? grant.events.at(-1)?.at;
  const how: Record<string, string> = {
    revoked: grant.endReason === 'revoked-early' ? 'revoked early' : 'ended',
    denied: 'denied',
    cancelled: 'cancelled',
    lapsed: 'lapsed',
    failed: 'failed',
  };
  return `• \`${grant.entitlementId}\` ${how[grant.state] ?? grant.state}${when ? ` ${slackTime(when)}` : ''} · \`${grant.id}\``;
}

export function homeView(desk: Desk, now: number): HomeView {
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Your AWS access' } },
    {
      type: 'actions',
      block_id: 'home:request',
      elements: [button('Request access', HOME_ACTION.request, 'request', 'primary')],
    },
  ];

  blocks.push(...heading('What you hold'));
  const holding = desk.holding.slice(0, HOME_LIMITS.holding);
  if (holding.length === 0) blocks.push(context('Nothing right now.'));
  for (const grant of holding) blocks.push(...holdingBlocks(grant, now));
  blocks.push(...more(holding.length, desk.holding.length, '`/access list mine`'));

  blocks.push(...heading('Your requests waiting for approval'));
  const pending = desk.pending.slice(0, HOME_LIMITS.pending);
  if (pending.length === 0) blocks.push(context('None.'));
  for (const grant of pending) blocks.push(pendingBlock(grant));
  blocks.push(...more(pending.length, desk.pending.length, '`/access list mine`'));

  blocks.push(...heading('Waiting for your decision'));
  const toDecide = desk.toDecide.slice(0, HOME_LIMITS.toDecide);
  if (toDecide.length === 0) blocks.push(context('Nothing waits for you.'));
  for (const item of toDecide) blocks.push(...decideBlocks(item));
  blocks.push(...more(toDecide.length, desk.toDecide.length, '`/access list all`, or the approval channels'));

  blocks.push(...heading('Recently ended'));
  blocks.push(
    desk.recent.length === 0 ? context('Nothing yet.') : section(desk.recent.map(endedLine).join('\n')),
  );

  return { type: 'home', callback_id: 'latchkey_home', blocks: blocks.slice(0, HOME_MAX_BLOCKS) };
}
