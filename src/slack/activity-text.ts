// The activity digest as people read it in Slack (mrkdwn): the thread reply made from the core's summary,
// the word that a digest is late, and the answers of `/access activity`. The core and the service hand over
// data; every word and marker of these messages is chosen here. What comes from AWS (event names, error codes,
// a failure's text) goes in escaped, so it reads as it was written and cannot make a link or a mention.

import type { ActivityDigest, DigestEntry } from '../core/activity-digest.js';
import type { DigestDelay } from '../core/activity-ports.js';
import { describeTarget, type Target } from '../core/entitlement.js';
import type { Grant } from '../core/grant.js';
import type { ActivityAnswer } from '../service/activity.js';
import { escapeText } from './escape.js';

/** The grant a digest is about, as much of it as the reply names. */
export interface DigestAbout {
  grantId: string;
  requester: string;
  target: Target;
  accounts?: string[] | undefined;
}

/** `22:05:01` in UTC, with the date when the window spans more than one day. */
function clock(at: number, withDate: boolean): string {
  const iso = new Date(at).toISOString();
  return withDate ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}` : iso.slice(11, 19);
}

function line(e: DigestEntry, withDate: boolean): string {
  const error = e.errorCode ? ` (${escapeText(e.errorCode)})` : '';
  const where = e.account ? ` on ${escapeText(e.account)}` : '';
  return `• ${clock(e.at, withDate)} \`${escapeText(`${e.service}:${e.name}`)}\`${where}${error}`;
}

/** The thread reply. */
export function digestText(digest: ActivityDigest, about: DigestAbout): string {
  const withDate =
    new Date(digest.from).toISOString().slice(0, 10) !== new Date(digest.until).toISOString().slice(0, 10);
  const window = `${clock(digest.from, true)} – ${clock(digest.until, withDate)} UTC`;
  const target = escapeText(
    about.accounts && about.accounts.length > 1 && about.target.kind === 'permissionSet'
      ? `${about.target.permissionSet} on ${about.accounts.length} accounts`
      : describeTarget(about.target),
  );
  const head = `:mag: *What <@${about.requester}> did with \`${about.grantId}\`* (${target}, ${window})`;
  if (digest.total === 0) return `${head}\nNo CloudTrail events from their sessions in that time.`;
  const lines = [head];
  const services = digest.byService.map((s) => `${escapeText(s.service)} ${s.count}`).join(', ');
  lines.push(
    `*${digest.truncated ? 'At least ' : ''}${digest.total} event${digest.total === 1 ? '' : 's'}*: ${services}`,
  );
  const listed = (title: string, count: number, entries: DigestEntry[]) => {
    if (count === 0) return;
    const more = count > entries.length ? `, first ${entries.length}` : '';
    lines.push(`*${title}* (${count}${more}):`, ...entries.map((e) => line(e, withDate)));
  };
  listed('Changes', digest.writeCount, digest.writes);
  if (digest.writeCount === 0) lines.push('*Changes*: none (read-only calls only)');
  listed('Denied calls', digest.deniedCount, digest.denied);
  listed('Console sign-ins', digest.consoleSignIns.length, digest.consoleSignIns);
  return lines.join('\n');
}

/** The thread reply about one grant. */
export function grantDigestText(grant: Grant, digest: ActivityDigest): string {
  return digestText(digest, {
    grantId: grant.id,
    requester: grant.requester,
    target: grant.target,
    accounts: grant.accounts,
  });
}

/** The thread reply saying a digest could not be made yet, and when it is tried again. */
export function digestDelayText(grantId: string, delay: DigestDelay): string {
  const minutes = Math.max(1, Math.round(delay.retryInMs / 60_000));
  const { code, ref } = delay.report;
  return `:hourglass: The activity digest of \`${grantId}\` could not be made yet: ${digestFault(code)} (error \`${escapeText(code)}\`, ref \`${escapeText(ref)}\` in Latchkey's logs). Latchkey tries again in about ${minutes} min.`;
}

/** What kind of trouble held the digest up, from the code it was logged under; never AWS's own text. */
function digestFault(code: string): string {
  if (code === 'activity_query_failed') return 'the CloudTrail Lake query failed';
  if (code === 'activity_query_unfinished') return 'the CloudTrail Lake query has not finished';
  if (code === 'unsafe_query_input')
    return 'the query was not run, a name in it is not one CloudTrail accepts';
  if (/AccessDenied|Unauthorized|Forbidden/.test(code)) return "CloudTrail refused Latchkey's request";
  if (/Throttl|TooManyRequests|LimitExceeded/.test(code)) return 'CloudTrail is busy';
  return 'something went wrong while asking CloudTrail';
}

/** The answer to `/access activity`. */
export function activityAnswerText(answer: ActivityAnswer): string {
  const { grant } = answer;
  if (answer.kind === 'never-active')
    return `:information_source: \`${grant.id}\` was never active (it is ${grant.state}): there is no activity to show.`;
  const text = grantDigestText(grant, answer.digest);
  return answer.soFar
    ? `${text}\n_The grant is still going: this is so far. CloudTrail delivers events within minutes, so the latest may be missing._`
    : text;
}
