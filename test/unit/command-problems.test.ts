// A malformed `/access` is answered with what is missing and how to write it: the parser says what is
// wrong (pure, no wording), the Slack side says it.

import { describe, expect, it } from 'vitest';
import { parseAccessCommand } from '../../src/core/command.js';
import { problemText } from '../../src/slack/replies.js';

function answerTo(text: string): string {
  const parsed = parseAccessCommand(text);
  if (parsed.kind !== 'invalid') throw new Error(`${text} parsed as ${parsed.kind}`);
  return problemText(parsed.problem);
}

describe('Function: problemText', () => {
  it.each([
    [
      'list mine all',
      'Use `/access list`, `/access list mine`, `/access list all` or `/access list <entitlement>`.',
    ],
    ['revoke', 'Give one grant id: `/access revoke <grant-id>`, for example `/access revoke g-7k2m9q4x`.'],
    ['cancel nope', 'Give one grant id: `/access cancel <grant-id>`.'],
    [
      'activity',
      'Give one grant id: `/access activity <grant-id>`, for example `/access activity g-7k2m9q4x`.',
    ],
    [
      'extend g-7k2m9q4x',
      'Give a grant id and a duration: `/access extend <grant-id> <duration>`, for example `/access extend g-7k2m9q4x 30m`.',
    ],
    [
      'prod-admin',
      'Say for how long and why: `/access <entitlement>[@<account>,…] <duration> [at <time>|in <duration>] <reason…>`, for example `/access prod-admin 1h deploying the fix`.',
    ],
    [
      'workloads-read@ 1h checking',
      'Name the accounts after `@`, separated by commas: `/access workloads-read@111111111111,billing 1h …`.',
    ],
  ])('answers “/access %s” with how to write it', (text, answer) => {
    expect(answerTo(text)).toBe(answer);
  });

  it('keeps a typed entitlement from mentioning anyone', () => {
    expect(answerTo('<!here>@ 1h x')).toContain('&lt;!here&gt;@111111111111');
  });
});
