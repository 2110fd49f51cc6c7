// Config rules that span fields (duplicate ids, min > max, a quorum no one can reach…). They run on the raw
// document, whatever else is wrong with it, so that a person sees every problem in one pass.

import { formatDuration, parseDuration } from '../core/duration.js';

export interface Problem {
  path: (string | number)[];
  message: string;
}

type Raw = Record<string, unknown>;
const isObject = (value: unknown): value is Raw =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const seconds = (value: unknown): number | undefined =>
  typeof value === 'string' ? parseDuration(value) : undefined;

export function crossFieldProblems(doc: unknown): Problem[] {
  if (!isObject(doc) || !Array.isArray(doc.entitlements)) return [];
  const defaults = isObject(doc.defaults) ? doc.defaults : {};
  const defaultMin = seconds(defaults.minDuration) ?? 300;
  const defaultMax = seconds(defaults.maxDuration) ?? 4 * 3600;
  const defaultQuorum = typeof defaults.approvals === 'number' ? defaults.approvals : 1;
  const problems: Problem[] = [];
  const seen = new Map<unknown, number>();

  doc.entitlements.forEach((item: unknown, index) => {
    if (!isObject(item)) return;
    const at = (...path: (string | number)[]) => ['entitlements', index, ...path];
    const problem = (path: (string | number)[], message: string) => problems.push({ path, message });

    if (typeof item.id === 'string') {
      const first = seen.get(item.id);
      if (first !== undefined) problem(at('id'), `"${item.id}" is already used by entitlements[${first}]`);
      else seen.set(item.id, index);
    }

    const hasGroup = item.group !== undefined;
    const where = (['account', 'accounts', 'ou'] as const).filter((key) => item[key] !== undefined);
    const hasPermissionSet = item.permissionSet !== undefined || where.length > 0;
    if (hasGroup && hasPermissionSet) {
      problem(at(), 'give either account + permissionSet, or group, not both');
    } else if (!hasGroup) {
      if (where.length === 0) problem(at('account'), 'required with permissionSet (or give a group)');
      if (where.length > 1) problem(at(where[1]!), `give only one of account, accounts and ou`);
      if (item.permissionSet === undefined)
        problem(at('permissionSet'), `required with ${where[0] ?? 'account'} (or give a group)`);
    }

    const min = item.minDuration === undefined ? defaultMin : seconds(item.minDuration);
    const max = item.maxDuration === undefined ? defaultMax : seconds(item.maxDuration);
    if (min !== undefined && max !== undefined && min > max) {
      problem(
        at(item.minDuration !== undefined ? 'minDuration' : 'maxDuration'),
        `the minimum duration (${formatDuration(min)}) is longer than the maximum (${formatDuration(max)})`,
      );
    }

    const total = item.maxTotal === undefined ? seconds(defaults.maxTotal) : seconds(item.maxTotal);
    if (total !== undefined && max !== undefined && total < max) {
      problem(
        at(item.maxTotal !== undefined ? 'maxTotal' : 'maxDuration'),
        `the whole time allowed (maxTotal ${formatDuration(total)}) is shorter than one grant's maximum (${formatDuration(max)})`,
      );
    }

    const quorum = typeof item.approvals === 'number' ? item.approvals : defaultQuorum;
    const approvers = Array.isArray(item.approvers)
      ? item.approvers.filter((a) => typeof a === 'string')
      : [];
    if (quorum > 0 && approvers.length === 0) {
      problem(at('approvers'), `${quorum} approval(s) needed but no approvers are listed`);
    } else if (approvers.every((who) => !who.startsWith('@'))) {
      const distinct = new Set(approvers).size;
      if (quorum > distinct) {
        problem(at('approvals'), `${quorum} approvals needed but only ${distinct} approver(s) are listed`);
      }
    }
  });

  // A finished grant removed before its digest is posted takes the digest with it.
  const activity = isObject(doc.activity) ? doc.activity : undefined;
  const retain = isObject(doc.audit) ? seconds(doc.audit.retain) : undefined;
  const delay = activity ? (activity.delay === undefined ? 15 * 60 : seconds(activity.delay)) : undefined;
  if (retain !== undefined && delay !== undefined && retain <= delay) {
    problems.push({
      path: ['audit', 'retain'],
      message: `finished grants would be removed (after ${formatDuration(retain)}) before their activity digest is posted (activity.delay ${formatDuration(delay)}): keep them longer`,
    });
  }
  return problems;
}
