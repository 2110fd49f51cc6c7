// What is said in a request's thread (and to the requester directly) when something happens to the grant.

import { formatDuration } from '../core/duration.js';
import type { Entitlement } from '../core/entitlement.js';
import { activeTotalSec } from '../core/extension.js';
import type { Grant } from '../core/grant.js';
import type { OnCallShift } from '../core/on-call.js';
import type { Note } from '../core/ports.js';
import { failureText, faultSummary } from './error-text.js';
import { escapeText, truncate } from './escape.js';
import { accessText, mention, slackTime } from './format.js';

export interface Said {
  /** The reply in the request's thread. */
  thread?: string;
  /** A direct message to the requester. */
  dm?: string;
  /** Post in the extension request's thread rather than the grant's. */
  inExtensionThread?: boolean;
}

export interface SayContext {
  entitlement?: Entitlement | undefined;
  portalUrl?: string;
  sessionDurationSec?: number;
}

function activeText(grant: Grant, ctx: SayContext, detail: string | undefined): Said {
  const ends = slackTime(grant.expiresAt ?? Date.now());
  // The portal link goes in the thread too: approvers and the holder read the same record of the grant.
  // Written as a link (`<url>`), it is one in every Slack client, whatever the client makes of bare URLs.
  const portal = ctx.portalUrl
    ? ` Sign in through the AWS access portal: <${escapeText(ctx.portalUrl)}>`
    : '';
  const session = ctx.sessionDurationSec
    ? ` A session opened before then runs on for up to ${formatDuration(ctx.sessionDurationSec)}.`
    : '';
  const note = detail ? ` (${escapeText(detail)})` : '';
  return {
    thread: `:unlock: Access is active: ${accessText(grant)} for ${mention(grant.requester)} until ${ends}.${note}${portal}`,
    dm: `:unlock: Your access \`${grant.id}\` (${accessText(grant)}) is active until ${ends}.${portal}${session}`,
  };
}

function onCallText(grant: Grant, shift: OnCallShift): Said {
  const schedule = shift.scheduleName
    ? `${escapeText(shift.scheduleName)} (\`${shift.scheduleId}\`)`
    : `\`${shift.scheduleId}\``;
  const until =
    shift.endsAt === undefined
      ? 'The shift has no end, so the grant runs its full duration.'
      : `The shift ends ${slackTime(shift.endsAt)}: the access ends then at the latest.`;
  return {
    thread: `:pager: Approved automatically: ${mention(grant.requester)} is on call now in PagerDuty schedule ${schedule} (as ${escapeText(shift.userName)}). ${until} Approvers can still end it: \`/access revoke ${grant.id}\`. Granting access now.`,
  };
}

export function say(grant: Grant, note: Note, ctx: SayContext): Said {
  switch (note.kind) {
    case 'reminder':
      return {
        thread: `:bell: Still waiting: ${grant.approvalsNeeded - grant.approvals.length} more approval(s) needed before ${slackTime(grant.approvalDeadline)}.`,
      };
    case 'expiry-warning':
      return {
        thread: `:alarm_clock: \`${grant.id}\` ends in about ${note.minutesLeft} minute(s), at ${slackTime(grant.expiresAt ?? Date.now())}.`,
        dm: `:alarm_clock: Your access \`${grant.id}\` (${accessText(grant)}) ends in about ${note.minutesLeft} minute(s). Need longer? \`/access extend ${grant.id} <duration>\``,
      };
    case 'retrying': {
      const what = grant.state === 'revoking' ? 'Revoking the access' : 'Granting the access';
      return {
        thread: `:warning: ${what} failed (attempt ${note.attempts}): ${escapeText(faultSummary(note.code))} (error \`${escapeText(note.code)}\`, ref \`${escapeText(note.ref)}\` in Latchkey's logs). Latchkey keeps trying.`,
      };
    }
    case 'extension':
      return extensionText(grant, note.action, note.actor);
    case 'posted':
      return {};
    case 'transition':
      return transitionText(grant, note.event.action, note.event.actor, note.event.detail, ctx);
  }
}

function extensionText(grant: Grant, action: string, actor: string): Said {
  const ext = grant.extension;
  const by = ext ? formatDuration(ext.durationSec) : '';
  switch (action) {
    case 'requested':
      return { thread: `:hourglass_flowing_sand: ${mention(actor)} asked to extend this grant by ${by}.` };
    case 'lapsed':
      return {
        thread: `:zzz: The extension request lapsed: no decision in time. The grant still ends ${slackTime(grant.expiresAt ?? Date.now())}.`,
        dm: `:zzz: Your request to extend \`${grant.id}\` lapsed without a decision.`,
        inExtensionThread: true,
      };
    default:
      return {};
  }
}

/** ` — 3h in all, of at most 12h`: how much of the entitlement's whole time the grant now uses. */
function runningTotal(grant: Grant, ctx: SayContext): string {
  if (grant.activatedAt === undefined || grant.expiresAt === undefined) return '';
  const total = formatDuration(activeTotalSec(grant, grant.activatedAt));
  const max = ctx.entitlement ? `, of at most ${formatDuration(ctx.entitlement.maxTotalSec)}` : '';
  return ` (${total} in all${max})`;
}

function transitionText(
  grant: Grant,
  action: string,
  actor: string,
  detail: string | undefined,
  ctx: SayContext,
): Said {
  const who = mention(actor);
  const tally = `${grant.approvals.length} of ${grant.approvalsNeeded}`;
  switch (action) {
    case 'approval-added':
      return { thread: `:white_check_mark: ${who} approved (${tally}).` };
    case 'approval-withdrawn':
      return { thread: `:leftwards_arrow_with_hook: ${who} withdrew their approval (${tally}).` };
    case 'approved':
      if (actor === 'system' && grant.onCall) return onCallText(grant, grant.onCall);
      if (grant.state === 'scheduled') {
        const starts = slackTime(grant.startAt ?? Date.now());
        return {
          thread:
            actor === 'system'
              ? `:calendar: No approval needed: access starts ${starts} (on the record).`
              : `:calendar: ${who} approved (${tally}): access starts ${starts}.`,
          dm: `:calendar: Your request \`${grant.id}\` for \`${grant.entitlementId}\` is approved: access starts ${starts}.`,
        };
      }
      return {
        thread:
          actor === 'system'
            ? ':white_check_mark: No approval needed: granting access now (on the record).'
            : `:white_check_mark: ${who} approved (${tally}): granting access.`,
      };
    case 'not-on-call':
      return {
        thread: `:pager: Not approved automatically: ${escapeText(detail ?? 'not on call now')}. Waiting for approval as usual.`,
      };
    case 'on-call-unknown':
      return {
        thread: `:warning: PagerDuty could not be asked whether ${mention(grant.requester)} is on call (${escapeText(truncate(detail ?? 'no answer', 500))}). Waiting for approval as usual.`,
      };
    case 'started':
      return { thread: ':alarm_clock: The start has come: granting access.' };
    case 'denied':
      return {
        thread: `:no_entry: ${who} denied the request.`,
        dm: `:no_entry: Your request \`${grant.id}\` for \`${grant.entitlementId}\` was denied by ${who}.`,
      };
    case 'cancelled':
      return detail
        ? {
            thread: `:heavy_multiplication_x: ${who} ended the grant before its start.`,
            dm: `:heavy_multiplication_x: Your scheduled access \`${grant.id}\` was ended before its start by ${who}.`,
          }
        : { thread: `:heavy_multiplication_x: ${who} cancelled the request.` };
    case 'lapsed':
      return {
        thread: ':zzz: No decision within the approval window: the request lapsed.',
        dm: `:zzz: Your request \`${grant.id}\` for \`${grant.entitlementId}\` lapsed without a decision. You can ask again.`,
      };
    case 'provisioning':
      return { thread: ':gear: Granting access in IAM Identity Center…' };
    case 'activated':
      return activeText(grant, ctx, detail);
    case 'failed': {
      // The reason people may read; the audit event's detail keeps AWS's whole text.
      const reason = escapeText(truncate(failureText(grant) ?? detail ?? 'unknown reason', 1000));
      return {
        thread: `:x: Access could not be granted: ${reason}`,
        dm: `:x: Your access \`${grant.id}\` could not be granted: ${reason}`,
      };
    }
    case 'expired':
      return { thread: ':lock: Time is up: revoking the access.' };
    case 'revoke-requested':
      return { thread: `:lock: ${who} ended the access early: revoking.` };
    case 'revoked':
      return {
        thread: `:lock: Access revoked${detail ? ` (${escapeText(detail)})` : ''}.`,
        dm: `:lock: Your access \`${grant.id}\` (${accessText(grant)}) has ended.`,
      };
    case 'extension-requested':
      return { thread: `:hourglass_flowing_sand: ${who} asked for more time (${escapeText(detail ?? '')}).` };
    case 'extension-approval-added':
      return {
        thread: `:white_check_mark: ${who} approved the extension (${escapeText(detail ?? '')}).`,
        inExtensionThread: true,
      };
    case 'extension-approval-withdrawn':
      return {
        thread: `:leftwards_arrow_with_hook: ${who} withdrew their approval of the extension.`,
        inExtensionThread: true,
      };
    case 'extended':
      return {
        thread: `:white_check_mark: Extended by ${mention(actor)}: the access now ends ${slackTime(grant.expiresAt ?? Date.now())}${runningTotal(grant, ctx)}.`,
        dm: `:white_check_mark: Your access \`${grant.id}\` was extended: it now ends ${slackTime(grant.expiresAt ?? Date.now())}.`,
      };
    case 'extension-denied':
      return {
        thread: `:no_entry: ${who} denied the extension. The grant still ends ${slackTime(grant.expiresAt ?? Date.now())}.`,
        dm: `:no_entry: Your request to extend \`${grant.id}\` was denied by ${who}.`,
      };
    case 'extension-lapsed':
      return extensionText(grant, 'lapsed', actor);
    default:
      return {};
  }
}
