// Small formatting helpers for messages: mentions, times each reader sees in their own time zone, targets.

import { formatDuration } from '../core/duration.js';
import type { Target } from '../core/entitlement.js';

export const mention = (userId: string) => (userId === 'system' ? 'Latchkey' : `<@${userId}>`);

/** A time Slack renders in the reader's time zone, with a UTC fallback for clients that cannot. */
export function slackTime(ms: number): string {
  const unix = Math.floor(ms / 1000);
  const fallback = `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${unix}^{date_short_pretty} {time}|${fallback}>`;
}

export function targetText(target: Target): string {
  return target.kind === 'permissionSet'
    ? `\`${target.permissionSet}\` on account \`${target.accountId}\``
    : `membership of group \`${target.group}\``;
}

/** Accounts named one by one up to this many; past it, counted. */
const ACCOUNTS_LISTED = 10;

/** What a grant gives: its target, or the permission set on each of its accounts (beyond ten, how many). */
export function accessText(grant: { target: Target; accounts?: string[] }): string {
  const { target, accounts } = grant;
  if (accounts === undefined || target.kind !== 'permissionSet') return targetText(target);
  if (accounts.length === 1) return targetText({ ...target, accountId: accounts[0]! });
  const listed =
    accounts.length > ACCOUNTS_LISTED
      ? `${accounts.length} accounts`
      : `${accounts.length} accounts: ${accounts.map((a) => `\`${a}\``).join(', ')}`;
  return `\`${target.permissionSet}\` on ${listed}`;
}

export function timeLeft(ms: number): string {
  if (ms <= 0) return 'ending now';
  // Whole minutes read better, except in the last minute, where "1m" would overstate it.
  return ms < 60_000
    ? `${Math.ceil(ms / 1000)}s left`
    : `${formatDuration(Math.ceil(ms / 60_000) * 60)} left`;
}
