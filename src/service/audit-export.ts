// The audit trail for people and tools: every event in time order, with the grant's context (target,
// reason, approvers) alongside, as JSON lines or CSV.

import type { AuditEvent, Grant } from '../core/grant.js';
import type { GrantStore } from '../core/ports.js';

export interface AuditRecord {
  at: string;
  grantId: string;
  actor: string;
  action: string;
  from: string;
  to: string;
  entitlement: string;
  target: string;
  requester: string;
  reason: string;
  approvers: string;
  detail: string;
  awsRequestId: string;
}

export const AUDIT_COLUMNS: (keyof AuditRecord)[] = [
  'at',
  'grantId',
  'actor',
  'action',
  'from',
  'to',
  'entitlement',
  'target',
  'requester',
  'reason',
  'approvers',
  'detail',
  'awsRequestId',
];

export async function auditRecords(
  store: GrantStore,
  query: { since: number; until: number; grantId?: string },
): Promise<AuditRecord[]> {
  const events = await store.events(query);
  const grants = new Map<string, Grant | undefined>();
  const records: AuditRecord[] = [];
  for (const event of events) {
    if (!grants.has(event.grantId)) grants.set(event.grantId, await store.get(event.grantId));
    records.push(toRecord(event, grants.get(event.grantId)));
  }
  return records;
}

function toRecord(event: AuditEvent, grant: Grant | undefined): AuditRecord {
  const target = grant?.target;
  return {
    at: new Date(event.at).toISOString(),
    grantId: event.grantId,
    actor: event.actor,
    action: event.action,
    from: event.from ?? '',
    to: event.to ?? '',
    entitlement: grant?.entitlementId ?? '',
    target: !target
      ? ''
      : target.kind === 'permissionSet'
        ? `${target.accountId}/${target.permissionSet}`
        : `group/${target.group}`,
    requester: grant?.requester ?? '',
    reason: grant?.reason ?? '',
    approvers: grant?.approvals.join(' ') ?? '',
    detail: event.detail ?? '',
    awsRequestId: event.awsRequestId ?? '',
  };
}

/** RFC 4180: quote fields that need it, double the quotes inside; guard against formula injection. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(records: AuditRecord[]): string {
  const lines = [AUDIT_COLUMNS.join(',')];
  for (const r of records) lines.push(AUDIT_COLUMNS.map((c) => csvField(r[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export function toJsonLines(records: AuditRecord[]): string {
  return records.map((r) => `${JSON.stringify(r)}\n`).join('');
}
