import { describe, expect, it } from 'vitest';
import { accessText } from '../../src/slack/format.js';

const target = { kind: 'permissionSet' as const, accountId: '111111111111', permissionSet: 'ReadOnlyAccess' };
const ids = (n: number) => Array.from({ length: n }, (_, i) => String(100000000000 + i));

describe('Function: accessText', () => {
  it('names the one account of a one-account grant', () => {
    expect(accessText({ target })).toBe('`ReadOnlyAccess` on account `111111111111`');
  });

  it('lists every account of a grant on up to ten', () => {
    const text = accessText({ target, accounts: ids(10) });

    expect(text).toContain('on 10 accounts: `100000000000`');
    expect(text).toContain('`100000000009`');
  });

  it('counts the accounts beyond ten', () => {
    expect(accessText({ target, accounts: ids(11) })).toBe('`ReadOnlyAccess` on 11 accounts');
  });

  it('says membership for a group', () => {
    expect(accessText({ target: { kind: 'group', group: 'BillingReaders' } })).toBe(
      'membership of group `BillingReaders`',
    );
  });
});
