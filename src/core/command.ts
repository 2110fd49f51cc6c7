// Parses the text after `/access` into what the person asked for. Pure, so every case is unit-tested; the
// Slack listener only dispatches on the result, and the Slack side words what is wrong with a command.

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
  | { kind: 'invalid'; problem: CommandProblem };

/** What is missing from a command; the Slack side says it with the command's usage (slack/replies.ts). */
export type CommandProblem =
  /** More than one word after `list`. */
  | { kind: 'list-scope' }
  /** Not exactly one grant id after the subcommand. */
  | { kind: 'grant-id'; command: 'revoke' | 'cancel' | 'activity' }
  /** `extend` without a grant id and a duration. */
  | { kind: 'extend' }
  /** A request without a duration (and a reason). */
  | { kind: 'request' }
  /** `@` after the entitlement with no account named. */
  | { kind: 'accounts'; entitlementId: string };

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
      if (rest.length > 1) return { kind: 'invalid', problem: { kind: 'list-scope' } };
      if (scope === undefined || scope === 'all') return { kind: 'list', scope: 'all' };
      if (scope === 'mine') return { kind: 'list', scope: 'mine' };
      return { kind: 'list', scope: { entitlementId: scope } };
    }
    case 'revoke':
    case 'cancel': {
      const kind = first.toLowerCase() as 'revoke' | 'cancel';
      const grantId = rest[0]?.toLowerCase();
      if (rest.length !== 1 || grantId === undefined || !isGrantId(grantId)) {
        return { kind: 'invalid', problem: { kind: 'grant-id', command: kind } };
      }
      return { kind, grantId };
    }
    case 'activity': {
      const grantId = rest[0]?.toLowerCase();
      if (rest.length !== 1 || grantId === undefined || !isGrantId(grantId)) {
        return { kind: 'invalid', problem: { kind: 'grant-id', command: 'activity' } };
      }
      return { kind: 'activity', grantId };
    }
    case 'extend': {
      const grantId = rest[0]?.toLowerCase();
      const duration = rest[1];
      if (rest.length !== 2 || grantId === undefined || duration === undefined || !isGrantId(grantId)) {
        return { kind: 'invalid', problem: { kind: 'extend' } };
      }
      return { kind: 'extend', grantId, duration };
    }
    default: {
      const [duration, ...reason] = rest;
      if (duration === undefined) {
        return { kind: 'invalid', problem: { kind: 'request' } };
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
      return { kind: 'invalid', problem: { kind: 'accounts', entitlementId } };
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
