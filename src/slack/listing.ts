// `/access list`: who holds what and what is waiting, for team leads, in a few lines per grant. One message
// holds the grants ending soonest, within Block Kit's limits (50 blocks, 3,000 characters a text),
// however many there are; it says how many more there are and how to narrow the list down.

import type { KnownBlock } from '@slack/types';
import { formatDuration } from '../core/duration.js';
import type { Grant } from '../core/grant.js';
import { accessText, mention, slackTime, timeLeft } from './format.js';

/** Leaves room under Slack's 50-block limit for the heading and the "more" line. */
const MAX_LISTED = 45;
/** Slack refuses a section or context text longer than this. */
const MAX_TEXT = 3000;

function clip(text: string): string {
  return text.length <= MAX_TEXT ? text : `${text.slice(0, MAX_TEXT - 1)}…`;
}

function line(grant: Grant, now: number): string {
  const head = `\`${grant.id}\` · ${mention(grant.requester)} · \`${grant.entitlementId}\` · ${accessText(grant)}`;
  if (grant.state === 'pending') {
    const approvals = grant.approvals.length > 0 ? ` (${grant.approvals.map(mention).join(', ')})` : '';
    const starts = grant.startAt !== undefined ? ` · starts ${slackTime(grant.startAt)}` : '';
    return `${head}\n:hourglass_flowing_sand: pending · ${formatDuration(grant.durationSec)} asked${starts} · ${grant.approvals.length} of ${grant.approvalsNeeded} approvals${approvals}`;
  }
  const approvedBy =
    grant.approvals.length > 0 ? ` · approved by ${grant.approvals.map(mention).join(', ')}` : '';
  if (grant.state === 'scheduled') {
    const starts = grant.startAt ?? now;
    return `${head}\n:calendar: scheduled · starts ${slackTime(starts)} · ${formatDuration(grant.durationSec)}, until ${slackTime(starts + grant.durationSec * 1000)}${approvedBy}`;
  }
  if (grant.state === 'active') {
    const ends = grant.expiresAt ?? now;
    return `${head}\n:unlock: active until ${slackTime(ends)} (${timeLeft(ends - now)})${approvedBy}`;
  }
  return `${head}\n:gear: ${grant.state}${approvedBy}`;
}

export function listMessage(
  grants: Grant[],
  title: string,
  now: number,
): { text: string; blocks: KnownBlock[] } {
  if (grants.length === 0) {
    return {
      text: `${title}: none`,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `*${title}*\nNone right now.` } }],
    };
  }
  const due = (g: Grant) => g.expiresAt ?? g.approvalDeadline;
  const sorted = [...grants].sort((a, b) => due(a) - due(b));
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: clip(`*${title}* (${grants.length})`) } },
  ];
  for (const grant of sorted.slice(0, MAX_LISTED)) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clip(line(grant, now)) } });
  }
  if (sorted.length > MAX_LISTED) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `…and ${sorted.length - MAX_LISTED} more (the ${MAX_LISTED} ending soonest are shown). Narrow it down with \`/access list <entitlement>\` or \`/access list mine\`.`,
        },
      ],
    });
  }
  return { text: `${title}: ${grants.length}`, blocks };
}
