// The activity digest's rules, without I/O: what counts as a change, a denial and a sign-in; the line the
// audit trail keeps; when the digest is due, and how a failure keeps it due. (What the thread reads is
// activity-text.test.ts.)

import { describe, expect, it } from 'vitest';
import {
  activityDueAt,
  markDigestPosted,
  queryStarted,
  recordDigest,
  recordDigestFailure,
  scheduleActivity,
} from '../../src/core/activity.js';
import { type ActivityEvent, digestSummary, summarize } from '../../src/core/activity-digest.js';
import { dueOf } from '../../src/core/due.js';
import { beginRevocation, completeRevocation } from '../../src/core/lifecycle.js';
import { active, HOUR, MINUTE, T0 } from '../support/grants.js';

const event = (
  at: number,
  source: string,
  name: string,
  more: Partial<ActivityEvent> = {},
): ActivityEvent => ({
  at,
  source,
  name,
  readOnly: true,
  ...more,
});

describe('summarize', () => {
  const events = [
    event(T0 + 3, 's3.amazonaws.com', 'PutObject', { readOnly: false }),
    event(T0 + 1, 'signin.amazonaws.com', 'ConsoleLogin', { readOnly: false }),
    event(T0 + 2, 'ec2.amazonaws.com', 'DescribeInstances'),
    event(T0 + 4, 'ec2.amazonaws.com', 'RunInstances', {
      readOnly: false,
      errorCode: 'Client.UnauthorizedOperation',
    }),
    event(T0 + 5, 's3.amazonaws.com', 'GetObject', { errorCode: 'NoSuchKey' }),
    event(T0 + 6, 'ec2.amazonaws.com', 'DescribeVpcs'),
  ];

  it('counts by service, most first; a sign-in is not a change; only refusals are denials', () => {
    const digest = summarize(events, { from: T0, until: T0 + HOUR }, false);

    expect(digest.total).toBe(6);
    expect(digest.byService).toEqual([
      { service: 'ec2', count: 3 },
      { service: 's3', count: 2 },
      { service: 'signin', count: 1 },
    ]);
    expect(digest.writes.map((w) => w.name)).toEqual(['PutObject', 'RunInstances']);
    expect(digest.denied.map((d) => [d.name, d.errorCode])).toEqual([
      ['RunInstances', 'Client.UnauthorizedOperation'],
    ]);
    expect(digest.consoleSignIns.map((s) => s.at)).toEqual([T0 + 1]);
  });

  it('keeps the first ten changes and how many there were', () => {
    const many = Array.from({ length: 13 }, (_, i) =>
      event(T0 + i * 1000, 'iam.amazonaws.com', `Change${i}`, { readOnly: false }),
    );
    const digest = summarize(many, { from: T0, until: T0 + HOUR }, false);

    expect(digest.writeCount).toBe(13);
    expect(digest.writes).toHaveLength(10);
    expect(digest.writes.at(-1)?.name).toBe('Change9');
    expect(digestSummary(digest)).toMatch(/^13 events \(iam 13\); 13 changes: iam:Change0, /);
  });

  it('says when the row limit was reached', () => {
    const digest = summarize(events, { from: T0, until: T0 + HOUR }, true);

    expect(digest.truncated).toBe(true);
    expect(digestSummary(digest)).toMatch(/^at least 6 events /);
  });
});

describe('the digest on the grant', () => {
  const revoked = (delaySec: number | undefined) => {
    const ending = beginRevocation(active(), 'system', T0 + 2 * HOUR).grant;
    return scheduleActivity(completeRevocation(ending, T0 + 2 * HOUR + 5000), delaySec).grant;
  };

  it('is due the configured delay after the end, in the due index, until posted', () => {
    const grant = revoked(900);

    expect(grant.activity).toEqual({ dueAt: T0 + 2 * HOUR + 5000 + 900_000, status: 'due', attempts: 0 });
    expect(dueOf(grant)).toEqual({ kind: 'activity', at: grant.activity?.dueAt });
    const digest = summarize([], { from: T0, until: T0 + HOUR }, false);
    const posting = recordDigest(grant, digest, 'none', T0 + 3 * HOUR).grant;
    expect(dueOf(posting)).toEqual({ kind: 'activity', at: grant.activity?.dueAt });
    expect(dueOf(markDigestPosted(posting, '1.2'))).toBeUndefined();
  });

  it('is not scheduled without activity configured, nor for a grant that never became active', () => {
    expect(revoked(undefined).activity).toBeUndefined();
    expect(dueOf(revoked(undefined))).toBeUndefined();
    const never = { ...revoked(undefined), activatedAt: undefined };
    const t = scheduleActivity({ grant: never, event: undefined }, 900);
    expect(t.grant.activity).toBeUndefined();
  });

  it('after a failure is due again with backoff, with a new query, and says so on the 1st, 2nd, 4th… failure', () => {
    let grant = queryStarted(revoked(60), 'q-1', T0 + 3 * HOUR);
    const told: boolean[] = [];
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      const now = T0 + 4 * HOUR + i * HOUR;
      const failed = recordDigestFailure(grant, 'ThrottlingException', now);
      grant = failed.grant;
      told.push(failed.tell);
      delays.push((activityDueAt(grant) ?? 0) - now);
      expect(grant.activity?.queryId).toBeUndefined();
    }
    expect(told).toEqual([true, true, false, true, false]);
    expect(delays).toEqual([30_000, 60_000, 120_000, 240_000, 480_000]);
    expect(grant.activity).toMatchObject({ status: 'due', attempts: 5, lastError: 'ThrottlingException' });
    expect(
      recordDigest(grant, summarize([], { from: T0, until: T0 + MINUTE }, false), 'x', T0).event,
    ).toMatchObject({
      action: 'activity',
      from: 'revoked',
      to: 'revoked',
      actor: 'system',
    });
  });
});
