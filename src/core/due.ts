// When a grant next needs the sweeper's attention, derived from the grant alone. The store indexes it so the
// sweeper finds due work without a scan; a late sweeper only carries out what the clock already decided.

import { activityDueAt } from './activity.js';
import type { Grant } from './grant.js';

export type DueKind = 'expiry' | 'deadline' | 'retry' | 'start' | 'activity';

export function dueOf(grant: Grant): { kind: DueKind; at: number } | undefined {
  switch (grant.state) {
    case 'pending':
      return { kind: 'deadline', at: grant.approvalDeadline };
    case 'scheduled':
      return { kind: 'start', at: grant.startAt ?? 0 };
    case 'active': {
      const ext = grant.extension;
      const extensionDeadline = ext?.state === 'pending' ? ext.deadline : Number.POSITIVE_INFINITY;
      return { kind: 'expiry', at: Math.min(grant.expiresAt ?? 0, extensionDeadline) };
    }
    case 'approved':
    case 'provisioning':
    case 'revoking':
      return { kind: 'retry', at: grant.nextAttemptAt ?? 0 };
    case 'revoked': {
      // The activity digest, `activity.delay` after the end, until it is posted.
      const at = activityDueAt(grant);
      return at === undefined ? undefined : { kind: 'activity', at };
    }
    default:
      return undefined;
  }
}
