import { describe, expect, it } from 'vitest';
import type { Grant } from '../../src/core/grant.js';
import { listMessage } from '../../src/slack/listing.js';
import { entitlement } from '../support/entitlements.js';
import { HOUR, requested, T0 } from '../support/grants.js';

/** Every text a message's blocks carry. */
function texts(blocks: unknown[]): string[] {
  return blocks.flatMap((b) => {
    const block = b as { text?: { text: string }; elements?: { text: string }[] };
    return [block.text?.text, ...(block.elements ?? []).map((e) => e.text)].filter(
      (t): t is string => t !== undefined,
    );
  });
}

describe('Function: listMessage', () => {
  it('keeps 10,000 grants within Block Kit’s limits, the soonest due first, and says how many more', () => {
    // Prepare: pending grants due one minute apart, listed in reverse.
    const grants: Grant[] = Array.from({ length: 10_000 }, (_, i) => ({
      ...requested(entitlement(), { now: T0 }),
      id: `g-${String(i).padStart(8, '0')}`,
      approvalDeadline: T0 + HOUR + i * 60_000,
    })).reverse();
    // Act
    const message = listMessage(grants, 'Active and pending grants', T0);
    // Assess
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(Math.max(...texts(message.blocks).map((t) => t.length))).toBeLessThanOrEqual(3000);
    const shown = texts(message.blocks).join('\n');
    expect(shown).toContain('(10000)');
    expect(shown).toContain('`g-00000000`');
    expect(shown).toContain('`g-00000044`');
    expect(shown).not.toContain('`g-00000045`');
    expect(shown).toContain('…and 9955 more');
  });

  it('cuts a grant’s text at 3,000 characters, however many approvals it lists', () => {
    const many = Array.from({ length: 400 }, (_, i) => `U0APPROVER${i}`);
    const grant: Grant = { ...requested(entitlement({ approvals: 500 })), approvals: many };
    const message = listMessage([grant], 'Grants', T0);
    expect(Math.max(...texts(message.blocks).map((t) => t.length))).toBe(3000);
  });
});
