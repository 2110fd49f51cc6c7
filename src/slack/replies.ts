// What `/access help` and a malformed command are answered. The words for errors are chosen in
// error-text.ts, and answered by the boundary (boundary.ts).

import type { CommandProblem } from '../core/command.js';
import { escapeText } from './escape.js';

const USAGE = {
  request:
    '`/access <entitlement>[@<account>,…] <duration> [at <time>|in <duration>] <reason…>`, for example `/access prod-admin 1h deploying the fix`',
  revoke: '`/access revoke <grant-id>`, for example `/access revoke g-7k2m9q4x`',
  cancel: '`/access cancel <grant-id>`',
  extend: '`/access extend <grant-id> <duration>`, for example `/access extend g-7k2m9q4x 30m`',
  activity: '`/access activity <grant-id>`, for example `/access activity g-7k2m9q4x`',
};

/** What is wrong with a command, with how to write it. */
export function problemText(problem: CommandProblem): string {
  switch (problem.kind) {
    case 'list-scope':
      return 'Use `/access list`, `/access list mine`, `/access list all` or `/access list <entitlement>`.';
    case 'grant-id':
      return `Give one grant id: ${USAGE[problem.command]}.`;
    case 'extend':
      return `Give a grant id and a duration: ${USAGE.extend}.`;
    case 'request':
      return `Say for how long and why: ${USAGE.request}.`;
    case 'accounts':
      return `Name the accounts after \`@\`, separated by commas: \`/access ${escapeText(problem.entitlementId)}@111111111111,billing 1h …\`.`;
  }
}

export const HELP = [
  '*Latchkey: just-in-time AWS access*',
  '`/access` — open the request form',
  '`/access <entitlement> <duration> <reason…>` — ask in one line, e.g. `/access prod-admin 1h deploying the fix`',
  '`/access <entitlement> <duration> at 22:00 <reason…>` (or `in 2h`, or `at 2026-05-01T09:30`) — ask for access that starts later, in your Slack time zone',
  '`/access <entitlement>@<account>,<account> <duration> <reason…>` — only some accounts of an entitlement on several, by id or name',
  '`/access list [mine|all|<entitlement>]` — active and pending grants',
  '`/access revoke <grant-id>` — end access early (the holder, an approver or an admin)',
  '`/access extend <grant-id> <duration>` — ask for more time, approved like the request',
  '`/access cancel <grant-id>` — take back a request still waiting for approval',
  '`/access activity <grant-id>` — what was done with a grant, from CloudTrail (the holder, an approver or an admin)',
  'Durations are written `90s`, `30m`, `2h`, `1d`.',
].join('\n');
