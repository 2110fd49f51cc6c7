import { describe, expect, it } from 'vitest';
import { InvalidDuration, MissingReason, ReasonNotAccepted, TooManyGrants } from '../../src/core/errors.js';
import type { Grant } from '../../src/core/grant.js';
import {
  assertReasonAccepted,
  assertUnderGrantCap,
  MAX_REASON_LENGTH,
  normaliseReason,
  parseRequestDuration,
} from '../../src/core/request-input.js';
import { entitlement } from '../support/entitlements.js';
import { saidOf, thrownBy } from '../support/errors.js';

const ent = entitlement({ id: 'prod-admin', minDurationSec: 300, maxDurationSec: 7200 });

describe('Request input: duration', () => {
  it('accepts a duration within the bounds, the bounds included', () => {
    expect(parseRequestDuration(ent, '5m')).toBe(300);
    expect(parseRequestDuration(ent, '1h30m')).toBe(5400);
    expect(parseRequestDuration(ent, '2h')).toBe(7200);
  });

  it('refuses text that is not a duration, saying how to write one and the bounds', () => {
    const error = thrownBy(() => parseRequestDuration(ent, 'soon'), InvalidDuration);

    expect(saidOf(error)).toBe(
      '`soon` is not a duration. Write it like `30m`, `2h` or `1d`, between 5m and 2h for `prod-admin`.',
    );
    expect(error).toMatchObject({ given: 'soon', minSec: 300, maxSec: 7200, code: 'invalid_duration' });
  });

  it.each(['4m59s', '2h1s', '1d'])('refuses %s as out of bounds', (text) => {
    const error = thrownBy(() => parseRequestDuration(ent, text), InvalidDuration);

    expect(saidOf(error)).toBe(
      `\`prod-admin\` can be granted for between 5m and 2h; \`${text}\` is out of bounds.`,
    );
  });
});

describe('Request input: reason', () => {
  it('collapses runs of white space and trims', () => {
    expect(normaliseReason('  Fix\n the   deploy\t pipeline ')).toBe('Fix the deploy pipeline');
  });

  it.each([undefined, '', '   \n\t'])('a missing reason (%j) is refused', (text) => {
    expect(() => normaliseReason(text)).toThrow(MissingReason);
  });

  it('keeps a reason of the longest allowed length whole', () => {
    const reason = 'x'.repeat(MAX_REASON_LENGTH);

    expect(normaliseReason(reason)).toBe(reason);
  });

  it('cuts a longer reason to the limit, marking the cut', () => {
    const reason = normaliseReason('y'.repeat(MAX_REASON_LENGTH + 50));

    expect(reason).toHaveLength(MAX_REASON_LENGTH);
    expect(reason.endsWith('y…')).toBe(true);
  });
});

describe('Request input: guardrails', () => {
  const ticketed = entitlement({
    id: 'workloads-read',
    reasonPattern: '^[A-Z]+-[0-9]+',
    reasonHint: 'Start the reason with the ticket, like OPS-123.',
  });

  it('accepts a reason the pattern matches', () => {
    expect(() => assertReasonAccepted(ticketed, 'OPS-12 checking the queue')).not.toThrow();
  });

  it('refuses a reason the pattern does not match, with the hint', () => {
    const error = thrownBy(() => assertReasonAccepted(ticketed, 'checking the queue'), ReasonNotAccepted);

    expect(saidOf(error)).toContain('Start the reason with the ticket, like OPS-123.');
  });

  it('lets a person below the cap open another grant', () => {
    expect(() =>
      assertUnderGrantCap({ maxActivePerPerson: 2, maxLeadTimeSec: 60 }, [grant('g-aaaaaaaa')]),
    ).not.toThrow();
  });

  it('refuses a person at the cap, listing their grants oldest first', () => {
    const open = [grant('g-bbbbbbbb', 2), grant('g-aaaaaaaa', 1)];

    const error = thrownBy(
      () => assertUnderGrantCap({ maxActivePerPerson: 2, maxLeadTimeSec: 60 }, open),
      TooManyGrants,
    );

    expect(error.grants.map((g) => g.id)).toEqual(['g-aaaaaaaa', 'g-bbbbbbbb']);
    expect(saidOf(error)).toContain('`g-aaaaaaaa`');
  });

  it('has no cap when none is configured', () => {
    expect(() =>
      assertUnderGrantCap({ maxLeadTimeSec: 60 }, [grant('g-a'), grant('g-b'), grant('g-c')]),
    ).not.toThrow();
  });
});

function grant(id: string, requestedAt = 0): Grant {
  return { id, entitlementId: 'prod-read', state: 'active', requestedAt } as Grant;
}
