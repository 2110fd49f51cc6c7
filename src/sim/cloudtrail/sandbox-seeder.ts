// Sandbox mode's stand-in for people using their access: when an assignment or group membership the
// simulated Identity Center held goes away, a few CloudTrail events of that person's session are added for
// the time it was held (a console sign-in, some reads, a change or a denied call), so the activity digest
// that follows has something to show.

import { type Clock, systemClock } from '../../core/ports.js';
import type { IdentityCenterSim } from '../identity-center/index.js';
import { ssoSessionEvent } from './events.js';
import type { CloudTrailSim } from './simulator.js';

interface Held {
  userName: string;
  account: string;
  permissionSet: string;
  since: number;
}

export interface Seeder {
  stop(): void;
}

export function seedSessionsWhenAccessEnds(
  ic: IdentityCenterSim,
  ct: CloudTrailSim,
  options: { everyMs?: number; clock?: Clock } = {},
): Seeder {
  const clock = options.clock ?? systemClock;
  let held = new Map<string, Held>();

  const look = () => {
    const now = clock.now();
    const snapshot = ic.snapshot();
    const current = new Map<string, Held>();
    const hold = (userName: string, account: string, permissionSet: string) => {
      const key = `${userName}|${account}|${permissionSet}`;
      current.set(key, held.get(key) ?? { userName, account, permissionSet, since: now });
    };
    for (const a of snapshot.assignments) {
      if (a.principalType === 'USER') hold(a.principal, a.accountId, a.permissionSet);
      else {
        const group = snapshot.groups.find((g) => g.groupId === a.principalId);
        for (const member of group?.members ?? []) hold(member.userName, a.accountId, a.permissionSet);
      }
    }
    for (const [key, gone] of held) if (!current.has(key)) ct.addEvents(sessionOf(gone, now));
    held = current;
  };

  look();
  const timer = setInterval(look, options.everyMs ?? 500);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** What a session of this permission set plausibly did between `since` and `until`. */
function sessionOf(session: Held, until: number) {
  const span = Math.max(1, until - session.since);
  const at = (fraction: number) => Math.floor(session.since + span * fraction);
  const readOnly = /read/i.test(session.permissionSet);
  const event = (
    fraction: number,
    source: string,
    name: string,
    more: { readOnly?: boolean; errorCode?: string } = {},
  ) => ssoSessionEvent({ ...session, at: at(fraction), source, name, readOnly: true, ...more });
  return [
    event(0.05, 'signin.amazonaws.com', 'ConsoleLogin', { readOnly: false }),
    event(0.1, 'sts.amazonaws.com', 'GetCallerIdentity'),
    event(0.2, 'ec2.amazonaws.com', 'DescribeInstances'),
    event(0.3, 'logs.amazonaws.com', 'FilterLogEvents'),
    event(0.4, 's3.amazonaws.com', 'ListBuckets'),
    readOnly
      ? event(0.6, 'ec2.amazonaws.com', 'RebootInstances', {
          readOnly: false,
          errorCode: 'Client.UnauthorizedOperation',
        })
      : event(0.6, 'ec2.amazonaws.com', 'RebootInstances', { readOnly: false }),
    event(0.8, 'iam.amazonaws.com', 'CreateAccessKey', { readOnly: false, errorCode: 'AccessDenied' }),
  ];
}
