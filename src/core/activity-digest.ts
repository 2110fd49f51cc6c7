// What a person did with a grant, summed up from the CloudTrail events of their sessions: how many events,
// by service; the changes (non-read-only calls), the denied calls and the console sign-ins. Pure: the rows
// come from the CloudTrail adapter, the text goes to Slack and the audit trail.

import { describeTarget, type Target } from './entitlement.js';

/** One CloudTrail event, as much of it as the digest needs. */
export interface ActivityEvent {
  at: number;
  /** `s3.amazonaws.com` */
  source: string;
  name: string;
  /** Undefined when CloudTrail did not say (some events have no readOnly). */
  readOnly: boolean | undefined;
  errorCode?: string | undefined;
  account?: string | undefined;
}

export interface DigestEntry {
  at: number;
  service: string;
  name: string;
  errorCode?: string;
  account?: string;
}

export interface ActivityDigest {
  from: number;
  until: number;
  total: number;
  /** The query's row limit was reached: there were at least `total` events. */
  truncated: boolean;
  byService: { service: string; count: number }[];
  writeCount: number;
  /** The first ten changes, oldest first. */
  writes: DigestEntry[];
  deniedCount: number;
  denied: DigestEntry[];
  consoleSignIns: DigestEntry[];
}

export const LISTED = 10;

/** Error codes AWS answers a call the caller was not allowed to make with. */
const DENIED = /AccessDenied|UnauthorizedOperation|UnauthorizedAccess|NotAuthorized|Forbidden/i;

export function serviceOf(eventSource: string): string {
  return eventSource.replace(/\.amazonaws\.com$/, '');
}

function entry(event: ActivityEvent): DigestEntry {
  return {
    at: event.at,
    service: serviceOf(event.source),
    name: event.name,
    ...(event.errorCode && { errorCode: event.errorCode }),
    ...(event.account && { account: event.account }),
  };
}

export function summarize(
  events: readonly ActivityEvent[],
  window: { from: number; until: number },
  truncated: boolean,
): ActivityDigest {
  const sorted = [...events].sort((a, b) => a.at - b.at);
  const counts = new Map<string, number>();
  for (const e of sorted) counts.set(serviceOf(e.source), (counts.get(serviceOf(e.source)) ?? 0) + 1);
  const isSignIn = (e: ActivityEvent) => e.name === 'ConsoleLogin';
  const writes = sorted.filter((e) => e.readOnly === false && !isSignIn(e));
  const denied = sorted.filter((e) => e.errorCode !== undefined && DENIED.test(e.errorCode));
  return {
    from: window.from,
    until: window.until,
    total: sorted.length,
    truncated,
    byService: [...counts]
      .map(([service, count]) => ({ service, count }))
      .sort((a, b) => b.count - a.count || a.service.localeCompare(b.service)),
    writeCount: writes.length,
    writes: writes.slice(0, LISTED).map(entry),
    deniedCount: denied.length,
    denied: denied.slice(0, LISTED).map(entry),
    consoleSignIns: sorted.filter(isSignIn).map(entry),
  };
}

/** `22:05:01` in UTC, with the date when the window spans more than one day. */
function clock(at: number, withDate: boolean): string {
  const iso = new Date(at).toISOString();
  return withDate ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}` : iso.slice(11, 19);
}

function line(e: DigestEntry, withDate: boolean): string {
  const error = e.errorCode ? ` (${e.errorCode})` : '';
  const where = e.account ? ` on ${e.account}` : '';
  return `• ${clock(e.at, withDate)} \`${e.service}:${e.name}\`${where}${error}`;
}

/** The thread reply (Slack mrkdwn). */
export function digestText(
  digest: ActivityDigest,
  about: { grantId: string; requester: string; target: Target; accounts?: string[] | undefined },
): string {
  const withDate =
    new Date(digest.from).toISOString().slice(0, 10) !== new Date(digest.until).toISOString().slice(0, 10);
  const window = `${clock(digest.from, true)} – ${clock(digest.until, withDate)} UTC`;
  const target =
    about.accounts && about.accounts.length > 1 && about.target.kind === 'permissionSet'
      ? `${about.target.permissionSet} on ${about.accounts.length} accounts`
      : describeTarget(about.target);
  const head = `:mag: *What <@${about.requester}> did with \`${about.grantId}\`* (${target}, ${window})`;
  if (digest.total === 0) return `${head}\nNo CloudTrail events from their sessions in that time.`;
  const lines = [head];
  const services = digest.byService.map((s) => `${s.service} ${s.count}`).join(', ');
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

/** One line for the audit trail. */
export function digestSummary(digest: ActivityDigest): string {
  const services = digest.byService.map((s) => `${s.service} ${s.count}`).join(', ');
  return [
    `${digest.truncated ? 'at least ' : ''}${digest.total} events${services ? ` (${services})` : ''}`,
    `${digest.writeCount} changes${digest.writes.length ? `: ${digest.writes.map((w) => `${w.service}:${w.name}`).join(', ')}` : ''}`,
    `${digest.deniedCount} denied`,
    `${digest.consoleSignIns.length} console sign-ins`,
  ].join('; ');
}
