// The request message: one per request, updated to show the current state; Approve / Deny while it is open.
// It stays inside Block Kit's limits (50 blocks, 3000 characters a section, 75 a button) whatever people typed.

import type { ActionsBlock, KnownBlock, SectionBlock } from '@slack/types';
import { formatDuration } from '../core/duration.js';
import type { Entitlement } from '../core/entitlement.js';
import type { Grant, GrantState } from '../core/grant.js';
import type { MessageLink } from '../core/ports.js';
import { failureText } from './error-text.js';
import { escapeText, truncate } from './escape.js';
import { accessText, mention, slackTime, timeLeft } from './format.js';

export const ACTION = { approve: 'latchkey_approve', deny: 'latchkey_deny' } as const;

const STATE_LABEL: Record<GrantState, string> = {
  pending: ':hourglass_flowing_sand: Waiting for approval',
  approved: ':white_check_mark: Approved, granting access',
  scheduled: ':calendar: Approved, starts later',
  provisioning: ':gear: Granting access in IAM Identity Center',
  active: ':unlock: Active',
  revoking: ':lock: Revoking',
  revoked: ':lock: Ended',
  denied: ':no_entry: Denied',
  cancelled: ':heavy_multiplication_x: Cancelled',
  lapsed: ':zzz: Lapsed: no decision in time',
  failed: ':x: Failed',
};

/** The value every button carries: which grant, and whether it is the request or an extension. */
export function buttonValue(grant: Grant, purpose: MessageLink['purpose']): string {
  return `${grant.id}:${purpose}`;
}

export function parseButtonValue(
  value: string,
): { grantId: string; purpose: MessageLink['purpose'] } | undefined {
  const [grantId, purpose] = value.split(':');
  if (!grantId || (purpose !== 'request' && purpose !== 'extension')) return undefined;
  return { grantId, purpose };
}

export interface MessageContext {
  entitlement: Entitlement | undefined;
  now: number;
  portalUrl?: string;
  /** The permission set's session length: a session opened before revocation lives on until it ends. */
  sessionDurationSec?: number;
}

function section(text: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, 2900) } };
}

function buttons(grant: Grant, purpose: MessageLink['purpose']): ActionsBlock {
  const value = buttonValue(grant, purpose);
  return {
    type: 'actions',
    block_id: `decide:${purpose}`,
    elements: [
      {
        type: 'button',
        action_id: ACTION.approve,
        text: { type: 'plain_text', text: 'Approve' },
        style: 'primary',
        value,
      },
      {
        type: 'button',
        action_id: ACTION.deny,
        text: { type: 'plain_text', text: 'Deny' },
        style: 'danger',
        value,
      },
    ],
  };
}

function statusLine(grant: Grant, ctx: MessageContext): string {
  const label = STATE_LABEL[grant.state];
  switch (grant.state) {
    case 'pending':
      return `${label} · ${grant.approvals.length} of ${grant.approvalsNeeded} approvals · open until ${slackTime(grant.approvalDeadline)}`;
    case 'scheduled':
      return `${label}: ${slackTime(grant.startAt ?? ctx.now)} until ${slackTime((grant.startAt ?? ctx.now) + grant.durationSec * 1000)}`;
    case 'active':
      return `${label} until ${slackTime(grant.expiresAt ?? ctx.now)} (${timeLeft((grant.expiresAt ?? ctx.now) - ctx.now)})`;
    case 'denied':
      return `${label} by ${mention(grant.deniedBy ?? 'system')}`;
    case 'revoked':
      return `${label} ${grant.endReason === 'revoked-early' ? `early by ${mention(grant.revokedBy ?? 'system')}` : 'at its end time'}${grant.endedAt ? ` · ${slackTime(grant.endedAt)}` : ''}`;
    case 'failed':
      return `${label}: ${escapeText(truncate(failureText(grant) ?? 'unknown reason', 500))}`;
    default:
      return label;
  }
}

/** Blocks of the request message for the grant's current state. */
export function requestMessage(grant: Grant, ctx: MessageContext): { text: string; blocks: KnownBlock[] } {
  const description = ctx.entitlement ? ` — ${escapeText(ctx.entitlement.description)}` : '';
  const approvedBy = grant.approvals.length > 0 ? grant.approvals.map(mention).join(', ') : 'nobody yet';
  const fields = [
    `*Requester*\n${mention(grant.requester)}`,
    `*Entitlement*\n\`${grant.entitlementId}\`${description}`,
    `*Target*\n${accessText(grant)}`,
    `*Duration*\n${formatDuration(grant.durationSec)}`,
    ...(grant.startAt !== undefined ? [`*Starts*\n${slackTime(grant.startAt)}`] : []),
    `*Approvals*\n${grant.approvals.length} of ${grant.approvalsNeeded} needed · ${approvedBy}`,
    `*Grant*\n\`${grant.id}\``,
  ].map((text) => ({ type: 'mrkdwn' as const, text: truncate(text, 1900) }));
  const blocks: KnownBlock[] = [
    section(
      `*${mention(grant.requester)} asks for \`${grant.entitlementId}\`* for ${formatDuration(grant.durationSec)}${grant.startAt !== undefined ? `, starting ${slackTime(grant.startAt)}` : ''}`,
    ),
    { type: 'section', fields },
    section(`*Reason*\n${escapeText(truncate(grant.reason, 2800))}`),
    { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(statusLine(grant, ctx), 2900) }] },
  ];
  if (grant.state === 'active' && ctx.sessionDurationSec) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `An AWS session opened before the end runs on for up to ${formatDuration(ctx.sessionDurationSec)} (the permission set's session duration).`,
        },
      ],
    });
  }
  if (grant.onCall) {
    const shift = grant.onCall;
    const ends = shift.endsAt === undefined ? 'with no end' : `until ${slackTime(shift.endsAt)}`;
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: truncate(
            `:pager: Approved automatically: on call in PagerDuty schedule \`${shift.scheduleId}\`${shift.scheduleName ? ` (${escapeText(shift.scheduleName)})` : ''} ${ends}. The access ends with the shift at the latest; approvers can still revoke it.`,
            2900,
          ),
        },
      ],
    });
  }
  if (grant.state === 'pending') blocks.push(buttons(grant, 'request'));
  const text = `${grant.id}: ${grant.entitlementId} for ${formatDuration(grant.durationSec)} — ${STATE_LABEL[grant.state].replace(/^:[a-z_]+: /, '')}`;
  return { text, blocks };
}

/** The message of an extension request, in the approval channel, linked to the grant. */
export function extensionMessage(grant: Grant, ctx: MessageContext): { text: string; blocks: KnownBlock[] } {
  const ext = grant.extension;
  if (!ext) return requestMessage(grant, ctx);
  const status =
    ext.state === 'pending'
      ? `:hourglass_flowing_sand: Waiting for approval · ${ext.approvals.length} of ${grant.approvalsNeeded} approvals · open until ${slackTime(ext.deadline)}`
      : ext.state === 'approved'
        ? `:white_check_mark: Extended: now ends ${slackTime(grant.expiresAt ?? ctx.now)}`
        : ext.state === 'denied'
          ? `:no_entry: Denied by ${mention(ext.decidedBy ?? 'system')}`
          : ':zzz: Lapsed: no decision in time';
  const link = grant.channel && grant.messageTs ? ` (<#${grant.channel}>)` : '';
  const blocks: KnownBlock[] = [
    section(
      `*${mention(grant.requester)} asks to extend \`${grant.id}\`* (\`${grant.entitlementId}\`, ${accessText(grant)}) by ${formatDuration(ext.durationSec)}${link}`,
    ),
    section(
      `*Currently ends* ${slackTime(grant.expiresAt ?? ctx.now)}\n*Original reason* ${escapeText(truncate(grant.reason, 2500))}`,
    ),
    { type: 'context', elements: [{ type: 'mrkdwn', text: status }] },
  ];
  if (ext.state === 'pending' && grant.state === 'active') blocks.push(buttons(grant, 'extension'));
  return { text: `Extension of ${grant.id} by ${formatDuration(ext.durationSec)}`, blocks };
}
