// Parses the text after `/access` into what the person asked for. Pure, so every wording is unit-tested;
// the Slack listener only dispatches on the result.

import { isGrantId } from './ids.js';
import { isStartWord, type StartSpec } from './start-time.js';

export type AccessCommand =
  | { kind: 'modal' }
  | { kind: 'help' }
  | {
      kind: 'request';
      entitlementId: string;
      duration: string;
      reason: string;
      /** `@a,b` after the entitlement: some of a several-account entitlement's accounts (ids or names). */
      accounts?: string[];
      /** `at <time>` or `in <duration>` right after the duration. */
      start?: StartSpec;
    }
  | { kind: 'list'; scope: 'mine' | 'all' | { entitlementId: string } }
  | { kind: 'revoke'; grantId: string }
  | { kind: 'cancel'; grantId: string }
  | { kind: 'extend'; grantId: string; duration: string }
  | { kind: 'activity'; grantId: string }
  | { kind: 'invalid'; problem: string };

const USAGE = {
  request:
    '`/access <entitlement>[@<account>,…] <duration> [at <time>|in <duration>] <reason…>`, for example `/access prod-admin 1h deploying the fix`',
  revoke: '`/access revoke <grant-id>`, for example `/access revoke g-7k2m9q4x`',
  cancel: '`/access cancel <grant-id>`',
  extend: '`/access extend <grant-id> <duration>`, for example `/access extend g-7k2m9q4x 30m`',
  activity: '`/access activity <grant-id>`, for example `/access activity g-7k2m9q4x`',
};

export function parseAccessCommand(text: string): AccessCommand {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const [first, ...rest] = words;
  if (first === undefined) return { kind: 'modal' };
  switch (first.toLowerCase()) {
    case 'help':
    case '-h':
    case '--help':
      return { kind: 'help' };
    case 'list': {
      const scope = rest[0]?.toLowerCase();
      if (rest.length > 1)
        return {
          kind: 'invalid',
          problem:
            'Use `/access list`, `/access list mine`, `/access list all` or `/access list <entitlement>`.',
        };
      if (scope === undefined || scope === 'all') return { kind: 'list', scope: 'all' };
      if (scope === 'mine') return { kind: 'list', scope: 'mine' };
      return { kind: 'list', scope: { entitlementId: scope } };
    }
    case 'revoke':
    case 'cancel': {
      const kind = first.toLowerCase() as 'revoke' | 'cancel';
      const grantId = rest[0]?.toLowerCase();
      if (rest.length !== 1 || grantId === undefined || !isGrantId(grantId)) {
        return { kind: 'invalid', problem: `Give one grant id: ${USAGE[kind]}.` };
      }
      return { kind, grantId };
    }
    case 'activity': {
      const grantId = rest[0]?.toLowerCase();
      if (rest.length !== 1 || grantId === undefined || !isGrantId(grantId)) {
        return { kind: 'invalid', problem: `Give one grant id: ${USAGE.activity}.` };
      }
      return { kind: 'activity', grantId };
    }
    case 'extend': {
      const grantId = rest[0]?.toLowerCase();
      const duration = rest[1];
      if (rest.length !== 2 || grantId === undefined || duration === undefined || !isGrantId(grantId)) {
        return { kind: 'invalid', problem: `Give a grant id and a duration: ${USAGE.extend}.` };
      }
      return { kind: 'extend', grantId, duration };
    }
    default: {
      const [duration, ...reason] = rest;
      if (duration === undefined) {
        return { kind: 'invalid', problem: `Say for how long and why: ${USAGE.request}.` };
      }
      return requestOf(first, duration, reason);
    }
  }
}

function requestOf(first: string, duration: string, words: string[]): AccessCommand {
  const at = first.indexOf('@');
  const entitlementId = (at === -1 ? first : first.slice(0, at)).toLowerCase();
  let accounts: string[] | undefined;
  if (at !== -1) {
    accounts = first
      .slice(at + 1)
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean);
    if (accounts.length === 0) {
      return {
        kind: 'invalid',
        problem: `Name the accounts after \`@\`, separated by commas: \`/access ${entitlementId}@111111111111,billing 1h …\`.`,
      };
    }
  }
  // `at`/`in` start the reason unless the next word reads as a time or a duration: "in the logs" is a reason.
  const [keyword, when, ...rest] = words;
  const kind = keyword?.toLowerCase();
  const start: StartSpec | undefined =
    (kind === 'at' || kind === 'in') && when !== undefined && isStartWord(kind, when)
      ? { kind, text: when }
      : undefined;
  return {
    kind: 'request',
    entitlementId,
    duration,
    reason: (start ? rest : words).join(' '),
    ...(accounts && { accounts }),
    ...(start && { start }),
  };
}
