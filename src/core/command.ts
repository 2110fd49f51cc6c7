// Parses the text after `/access` into what the person asked for. Pure, so every wording is unit-tested;
// the Slack listener only dispatches on the result.

import { isGrantId } from './ids.js';

export type AccessCommand =
  | { kind: 'modal' }
  | { kind: 'help' }
  | { kind: 'request'; entitlementId: string; duration: string; reason: string }
  | { kind: 'list'; scope: 'mine' | 'all' | { entitlementId: string } }
  | { kind: 'revoke'; grantId: string }
  | { kind: 'cancel'; grantId: string }
  | { kind: 'extend'; grantId: string; duration: string }
  | { kind: 'activity'; grantId: string }
  | { kind: 'invalid'; problem: string };

const USAGE = {
  request:
    '`/access <entitlement> <duration> <reason…>`, for example `/access prod-admin 1h deploying the fix`',
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
      return { kind: 'request', entitlementId: first.toLowerCase(), duration, reason: reason.join(' ') };
    }
  }
}
