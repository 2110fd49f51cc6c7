import { describe, expect, it } from 'vitest';
import { describeConfig, describeEntitlement, renderTable } from '../../src/config/describe.js';
import { parseConfig } from '../../src/config/load.js';
import { README_CONFIG } from '../support/config.js';
import { entitlement } from '../support/entitlements.js';

describe('Config description: one entitlement', () => {
  it('says who may request it, who approves, how many approvals, for how long, the target and the channel', () => {
    const row = describeEntitlement(
      entitlement({
        id: 'prod-admin',
        requesters: ['@engineering', 'U0ALICE'],
        approvers: ['U0LEAD1', '@sre-leads'],
        approvals: 2,
        selfApprove: false,
        minDurationSec: 300,
        maxDurationSec: 5400,
        channel: 'C0PRODAPPROVALS',
      }),
    );

    expect(row).toEqual({
      Entitlement: 'prod-admin',
      Requesters: '@engineering, U0ALICE',
      Approvers: 'U0LEAD1, @sre-leads',
      Approvals: '2',
      'Self-approve': 'no',
      Duration: '5m to 1h 30m',
      Target: 'AdministratorAccess on account 123456789012',
      Channel: 'C0PRODAPPROVALS',
    });
  });

  it('anyone may request when no requesters are listed, and no one when the list is empty', () => {
    expect(describeEntitlement(entitlement({ requesters: undefined })).Requesters).toBe('anyone');
    expect(describeEntitlement(entitlement({ requesters: [] })).Requesters).toBe('no one');
  });

  it('an entitlement needing no approvals says it is granted at once', () => {
    const row = describeEntitlement(entitlement({ approvals: 0, approvers: [] }));

    expect(row.Approvals).toBe('none, granted at once');
    expect(row.Approvers).toBe('-');
  });

  it('shows self-approval and a group target', () => {
    const row = describeEntitlement(
      entitlement({ selfApprove: true, target: { kind: 'group', group: 'BillingReaders' } }),
    );

    expect(row['Self-approve']).toBe('yes');
    expect(row.Target).toBe('member of group BillingReaders');
  });
});

describe('Config description: the table', () => {
  it('pads each column to its widest cell, with a rule under the header and no trailing spaces', () => {
    const table = renderTable(
      ['Id', 'Who'],
      [
        ['a', 'U0LEAD1, @sre-leads'],
        ['billing-read', '-'],
      ],
    );

    expect(table).toBe(
      [
        'Id            Who',
        '------------  -------------------',
        'a             U0LEAD1, @sre-leads',
        'billing-read  -',
      ].join('\n'),
    );
  });

  it('describes the README config, one row per entitlement in file order', () => {
    const text = describeConfig(parseConfig(README_CONFIG));
    const lines = text.split('\n');

    expect(lines.slice(0, 3)).toEqual([
      '3 entitlements; requests are posted to C0APPROVALS unless an entitlement names its own channel.',
      'Admins: @platform-team.',
      '',
    ]);
    expect(lines[3]?.split(/\s{2,}/)).toEqual([
      'Entitlement',
      'Requesters',
      'Approvers',
      'Approvals',
      'Self-approve',
      'Duration',
      'Target',
      'Channel',
    ]);
    expect(lines.slice(5).map((line) => line.split(/\s{2,}/))).toEqual([
      [
        'prod-admin',
        'anyone',
        'U0LEAD1, @sre-leads',
        '2',
        'no',
        '5m to 2h',
        'AdministratorAccess on account 123456789012',
        'C0PRODAPPROVALS',
      ],
      [
        'billing-read',
        '@engineering',
        '@finance-leads',
        '1',
        'no',
        '5m to 8h',
        'member of group BillingReaders',
        'C0APPROVALS',
      ],
      [
        'incident-breakglass',
        'anyone',
        '@sre-leads',
        'none, granted at once',
        'no',
        '5m to 1h',
        'ReadOnlyAccess on account 123456789012',
        'C0APPROVALS',
      ],
    ]);
    expect(lines).toHaveLength(8);
  });

  it('speaks of a single entitlement in the singular', () => {
    const config = parseConfig(README_CONFIG);

    const text = describeConfig({ ...config, entitlements: config.entitlements.slice(0, 1) });

    expect(text.split('\n')[0]).toMatch(/^1 entitlement; /);
  });
});
