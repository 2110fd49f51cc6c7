// What the activity digest reads like in Slack: the thread reply made from the core's summary, the word
// that a digest is late, and the answers of `/access activity`.

import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/core/activity-digest.js';
import {
  activityAnswerText,
  digestDelayText,
  digestText,
  grantDigestText,
} from '../../src/slack/activity-text.js';
import { event, SESSION } from '../support/activity-events.js';
import { active, GRANT, HOUR, MINUTE, REQUESTER, T0 } from '../support/grants.js';

const events = SESSION;
const about = { grantId: GRANT, requester: REQUESTER, target: active().target };
const hour = { from: T0, until: T0 + HOUR };

describe('Module: activity-text', () => {
  describe('Function: digestText', () => {
    it('heads the reply with who, which grant, what access and the window in UTC', () => {
      const text = digestText(summarize(events, hour, false), about);

      expect(text.split('\n')[0]).toBe(
        ':mag: *What <@U0ALICE> did with `g-abcdefgh`* (AdministratorAccess on account 123456789012, 2025-01-06 09:00:00 – 10:00:00 UTC)',
      );
    });

    it('counts by service and lists the changes, the denied calls and the sign-ins', () => {
      const text = digestText(summarize(events, hour, false), about);

      expect(text).toContain('*6 events*: ec2 3, s3 2, signin 1');
      expect(text).toContain(
        '*Changes* (2):\n• 09:00:00 `s3:PutObject`\n• 09:00:00 `ec2:RunInstances` on 111111111111',
      );
      expect(text).toContain(
        '*Denied calls* (1):\n• 09:00:00 `ec2:RunInstances` on 111111111111 (Client.UnauthorizedOperation)',
      );
      expect(text).toContain('*Console sign-ins* (1):\n• 09:00:00 `signin:ConsoleLogin`');
    });

    it('lists the first ten changes and says how many there were', () => {
      const many = Array.from({ length: 13 }, (_, i) =>
        event(T0 + i * 1000, 'iam.amazonaws.com', `Change${i}`, { readOnly: false }),
      );
      const text = digestText(summarize(many, hour, false), about);

      expect(text).toContain('*Changes* (13, first 10):');
      expect(text).toContain('`iam:Change9`');
      expect(text).not.toContain('`iam:Change10`');
    });

    it('says so when there was nothing, and "at least" when the row limit was reached', () => {
      expect(digestText(summarize([], hour, false), about)).toContain(
        'No CloudTrail events from their sessions in that time.',
      );
      expect(digestText(summarize(events, hour, true), about)).toContain('*At least 6 events*');
    });

    it('says when there were only reads', () => {
      const reads = events.filter((e) => e.readOnly);

      expect(digestText(summarize(reads, hour, false), about)).toContain(
        '*Changes*: none (read-only calls only)',
      );
    });

    it('dates every time when the window spans two days', () => {
      const late = T0 + 15 * HOUR - MINUTE;
      const text = digestText(
        summarize(
          [event(late, 'iam.amazonaws.com', 'CreateRole', { readOnly: false })],
          {
            from: late - MINUTE,
            until: late + 2 * HOUR,
          },
          false,
        ),
        about,
      );

      expect(text).toContain('2025-01-06 23:58:00 – 2025-01-07 01:59:00 UTC');
      expect(text).toContain('• 2025-01-06 23:59:00 `iam:CreateRole`');
    });

    it('counts the accounts of a grant on several', () => {
      const text = digestText(summarize([], hour, false), {
        ...about,
        accounts: ['111111111111', '222222222222', '333333333333'],
      });

      expect(text).toContain('(AdministratorAccess on 3 accounts, ');
    });
    it('escapes what AWS wrote, so it cannot make a link or a mention', () => {
      const odd = [event(T0, 'ec2.amazonaws.com', 'Run<!here>', { readOnly: false, errorCode: 'A&B' })];

      const text = digestText(summarize(odd, hour, false), about);

      expect(text).toContain('`ec2:Run&lt;!here&gt;` (A&amp;B)');
      expect(text).not.toContain('<!here>');
    });
  });

  describe('Function: digestDelayText', () => {
    const report = (code: string) => ({ code, ref: 'e-7k2m9q4x' });

    it('says what kind of trouble, its code and reference, and in about how many minutes, never fewer than one', () => {
      expect(digestDelayText(GRANT, { report: report('activity_query_failed'), retryInMs: 30_000 })).toBe(
        ":hourglass: The activity digest of `g-abcdefgh` could not be made yet: the CloudTrail Lake query failed (error `activity_query_failed`, ref `e-7k2m9q4x` in Latchkey's logs). Latchkey tries again in about 1 min.",
      );
      expect(digestDelayText(GRANT, { report: report('x'), retryInMs: 240_000 })).toContain(
        'in about 4 min.',
      );
    });

    it('words AWS errors by their kind, never by their text', () => {
      const said = (code: string) => digestDelayText(GRANT, { report: report(code), retryInMs: 1 });
      expect(said('AccessDeniedException')).toContain("CloudTrail refused Latchkey's request");
      expect(said('ThrottlingException')).toContain('CloudTrail is busy');
      expect(said('internal_error')).toContain('something went wrong while asking CloudTrail');
      expect(said('<@U0EVE>')).toContain('error `&lt;@U0EVE&gt;`');
    });
  });

  describe('Function: activityAnswerText', () => {
    const grant = active();
    const digest = summarize(events, hour, false);

    it('is the thread reply for a digest already made', () => {
      expect(activityAnswerText({ kind: 'digest', grant, digest, soFar: false })).toBe(
        grantDigestText(grant, digest),
      );
    });

    it('warns that a digest of a grant still going is so far', () => {
      const text = activityAnswerText({ kind: 'digest', grant, digest, soFar: true });

      expect(text.startsWith(grantDigestText(grant, digest))).toBe(true);
      expect(text).toMatch(/\n_The grant is still going: this is so far\. .*_$/);
    });

    it('says a grant that never was active has nothing to show', () => {
      expect(activityAnswerText({ kind: 'never-active', grant: { ...grant, state: 'denied' } })).toBe(
        ':information_source: `g-abcdefgh` was never active (it is denied): there is no activity to show.',
      );
    });
  });
});
