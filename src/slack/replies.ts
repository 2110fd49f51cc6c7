// What `/access help` answers. The words for errors are chosen in error-text.ts, and answered by the
// boundary (boundary.ts).

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
