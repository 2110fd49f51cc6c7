// What a person did with a grant, summed up from the CloudTrail events of their sessions: how many events,
// by service; the changes (non-read-only calls), the denied calls and the console sign-ins. Pure: the rows
// come from the CloudTrail adapter. The digest is data; src/slack/activity-text.ts words the thread reply,
// and `digestSummary` is the plain line kept in the audit trail.

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
