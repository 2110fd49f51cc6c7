// A validated config as a table a person can read: who may request what, approved by whom, for how long,
// on which target and in which channel. Pure, so `latchkey config check` only has to print it.

import { formatDuration } from '../core/duration.js';
import { describeEntitlementTarget, type Entitlement } from '../core/entitlement.js';
import type { Config } from './schema.js';

const COLUMNS = [
  'Entitlement',
  'Requesters',
  'Approvers',
  'Approvals',
  'Self-approve',
  'Duration',
  'Target',
  'Channel',
] as const;
type Column = (typeof COLUMNS)[number];

const list = (items: readonly string[], whenEmpty: string) =>
  items.length > 0 ? items.join(', ') : whenEmpty;

/** One entitlement as the table shows it. */
export function describeEntitlement(entitlement: Entitlement): Record<Column, string> {
  return {
    Entitlement: entitlement.id,
    Requesters: entitlement.requesters === undefined ? 'anyone' : list(entitlement.requesters, 'no one'),
    Approvers: list(entitlement.approvers, '-'),
    Approvals:
      (entitlement.approvals === 0 ? 'none, granted at once' : String(entitlement.approvals)) +
      (entitlement.autoApprove && entitlement.approvals > 0
        ? `, none if on call in ${entitlement.autoApprove.pagerduty.schedules.join(', ')}`
        : ''),
    'Self-approve': entitlement.selfApprove ? 'yes' : 'no',
    Duration: `${formatDuration(entitlement.minDurationSec)} to ${formatDuration(entitlement.maxDurationSec)}`,
    Target: describeEntitlementTarget(entitlement),
    Channel: entitlement.channel,
  };
}

/** Columns padded to their widest cell, a rule under the header, no trailing spaces. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

/** The whole config: a line about where requests go, then one row per entitlement. */
export function describeConfig(config: Config): string {
  const count = config.entitlements.length;
  const rows = config.entitlements.map((entitlement) => {
    const row = describeEntitlement(entitlement);
    return COLUMNS.map((column) => row[column]);
  });
  return [
    `${count} ${count === 1 ? 'entitlement' : 'entitlements'}; requests are posted to ${config.slack.approvalChannel} unless an entitlement names its own channel.`,
    `Admins: ${list(config.slack.admins, 'none')}.`,
    '',
    renderTable(COLUMNS, rows),
  ].join('\n');
}

/** What an OU entitlement resolved to when the config was checked, or why it could not be read. */
export interface OuResolution {
  entitlementId: string;
  ouId: string;
  accounts?: { id: string; name: string; status: string }[];
  problem?: string;
}

/** One paragraph per OU entitlement: its ACTIVE accounts by id and name, those left out, or the problem. */
export function describeOuResolutions(resolutions: readonly OuResolution[]): string {
  return resolutions
    .map((r) => {
      if (!r.accounts)
        return `${r.entitlementId}: ${r.ouId} could not be read from AWS Organizations (${r.problem ?? 'unknown reason'}).`;
      const active = r.accounts.filter((a) => a.status === 'ACTIVE');
      const others = r.accounts.filter((a) => a.status !== 'ACTIVE');
      const listed = active.map((a) => `  ${a.id}  ${a.name}`);
      const skipped = others.length
        ? [`  not granted (not ACTIVE): ${others.map((a) => `${a.id} ${a.name} (${a.status})`).join(', ')}`]
        : [];
      return [
        `${r.entitlementId}: ${r.ouId} resolves to ${active.length} active account(s):`,
        ...listed,
        ...skipped,
      ].join('\n');
    })
    .join('\n');
}
